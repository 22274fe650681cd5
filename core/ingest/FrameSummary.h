#pragma once
// FrameSummary: what the raw log's one-line summary of a decoded frame is made of, kept as
// numbers and shared strings. Formatting the line costs more than decoding the frame, and almost
// no frame is ever looked at, so the text is made only when someone reads the raw log
// (RawLog::query); it is the same text as messageSummary() of the frame's first message.

#include "protocols/ProtocolDecoder.h"

#include <QString>

namespace fw {

struct FrameSummary
{
    bool present = false; // false: the frame's detail was written as text
    bool noMessage = false; // decoded, but carried no message
    MessageType type = MessageType::Position;
    bool hasLocation = false;
    bool valid = false;
    double latitude = 0.0;
    double longitude = 0.0;
    double speedKph = 0.0;
    TimeMs deviceTime = kNoTime;
    qsizetype moreMessages = 0;
    QString uniqueId; // of the first message, or the frame's device
    QString alarm;
    QString text;

    // Of a decoded frame whose device is `uniqueId`.
    static FrameSummary of(const DecodeResult &result, const QString &uniqueId);
    QString toText() const;
};

} // namespace fw
