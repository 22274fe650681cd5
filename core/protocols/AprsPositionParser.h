#pragma once
// The position formats of APRS: uncompressed ("4903.50N/07201.75W>..." with the course/speed
// extension), compressed (base-91) and Mic-E (latitude in the destination field). Each parse
// gives the fix and the comment after it; AprsDecoder turns that into a message, so the parsers
// know nothing of contexts, message lists or error texts beyond the reason and its byte.

#include <QByteArrayView>
#include <QString>

namespace fw {

// What a position report says.
struct AprsFix
{
    double latitude = 0;
    double longitude = 0;
    bool hasCourse = false;
    double course = 0; // degrees
    double speedKnots = 0;
    bool hasAltitude = false;
    double altitude = 0; // metres
    QByteArrayView comment; // the rest of the information field, untrimmed
    // Mic-E only: the message ("En Route", "Custom-3", ...) and whether it is an emergency.
    QString micEMessage;
    bool emergency = false;
};

// Why a report could not be read, and the byte of the packet line the reason refers to.
struct AprsParseError
{
    QString what;
    qsizetype at = 0;
};

class AprsPositionParser
{
public:
    // Uncompressed or compressed position: `p` is what follows the type (and timestamp)
    // characters, `at` its byte offset in the line.
    static bool parse(QByteArrayView p, qsizetype at, AprsFix &fix, AprsParseError &error);
    // Mic-E: `dest` is the destination callsign without SSID, `info` the information field at
    // byte `at`.
    static bool parseMicE(QByteArrayView dest, QByteArrayView info, qsizetype at, AprsFix &fix,
        AprsParseError &error);
};

} // namespace fw
