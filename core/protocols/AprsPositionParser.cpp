#include "AprsPositionParser.h"

#include "AprsFields.h"

#include <cmath>

namespace fw {

using namespace aprs;

namespace {

bool fail(AprsParseError &error, const QString &what, qsizetype at)
{
    error.what = what;
    error.at = at;
    return false;
}

} // namespace

bool AprsPositionParser::parse(QByteArrayView p, qsizetype at, AprsFix &fix, AprsParseError &error)
{
    double lat = 0, lon = 0, course = 0, speedKnots = 0, altitude = 0;
    bool hasCourse = false, hasAltitude = false;
    QByteArrayView comment;
    char symbolCode = 0;
    if (!p.isEmpty() && (isDigit(p[0]) || p[0] == ' ')) {
        if (p.size() < 19)
            return fail(error, QStringLiteral("truncated position"), at + p.size());
        const int latDeg = ambiguousDigits(p, 0, 2), latMin = ambiguousDigits(p, 2, 2);
        const int latHun = ambiguousDigits(p, 5, 2);
        const char ns = upper(p[7]);
        if (latDeg < 0 || latMin < 0 || latHun < 0 || p[4] != '.' || latDeg > 90 || latMin > 59
            || (ns != 'N' && ns != 'S'))
            return fail(error, QStringLiteral("bad latitude"), at);
        const int lonDeg = ambiguousDigits(p, 9, 3), lonMin = ambiguousDigits(p, 12, 2);
        const int lonHun = ambiguousDigits(p, 15, 2);
        const char ew = upper(p[17]);
        if (lonDeg < 0 || lonMin < 0 || lonHun < 0 || p[14] != '.' || lonDeg > 180 || lonMin > 59
            || (ew != 'E' && ew != 'W'))
            return fail(error, QStringLiteral("bad longitude"), at + 9);
        lat = latDeg + (latMin + latHun / 100.0) / 60.0;
        lon = lonDeg + (lonMin + lonHun / 100.0) / 60.0;
        if (ns == 'S')
            lat = -lat;
        if (ew == 'W')
            lon = -lon;
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
            return fail(error, QStringLiteral("coordinates out of range"), at);
        symbolCode = p[18];
        comment = p.sliced(19);
        // Course/speed extension "CCC/SSS" (not for weather reports, where it is wind).
        if (symbolCode != '_' && comment.size() >= 7 && comment[3] == '/') {
            const int c = digits(comment, 0, 3), s = digits(comment, 4, 3);
            if (c >= 0 && s >= 0) {
                course = c == 360 ? 0 : c;
                speedKnots = s;
                hasCourse = c <= 360;
                comment = comment.sliced(7);
            }
        }
    } else {
        if (p.size() < 13)
            return fail(error, QStringLiteral("truncated compressed position"), at + p.size());
        const char table = p[0];
        if (!(table == '/' || table == '\\' || (table >= 'A' && table <= 'Z')
                || (table >= 'a' && table <= 'j')))
            return fail(error, QStringLiteral("bad symbol table in compressed position"), at);
        const int y = base91(p, 1, 4), x = base91(p, 5, 4);
        if (y < 0 || x < 0)
            return fail(error, QStringLiteral("bad base-91 coordinates"), at + 1);
        lat = 90.0 - y / 380926.0;
        lon = -180.0 + x / 190463.0;
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
            return fail(error, QStringLiteral("coordinates out of range"), at + 1);
        symbolCode = p[9];
        const int c = static_cast<quint8>(p[10]) - 33, s = static_cast<quint8>(p[11]) - 33;
        const int t = static_cast<quint8>(p[12]) - 33;
        if (p[10] != ' ' && c >= 0 && c <= 90 && s >= 0 && s <= 90 && t >= 0) {
            if ((t & 0x18) == 0x10) {
                altitude = std::pow(1.002, c * 91 + s) * kFeetToMetres;
                hasAltitude = true;
            } else if (c <= 89) {
                course = c * 4;
                speedKnots = std::pow(1.08, s) - 1.0;
                hasCourse = true;
            }
        }
        comment = p.sliced(13);
    }
    if (!hasAltitude)
        hasAltitude = commentAltitude(comment, altitude);

    fix.latitude = lat;
    fix.longitude = lon;
    fix.hasCourse = hasCourse;
    fix.course = course;
    fix.speedKnots = speedKnots;
    fix.hasAltitude = hasAltitude;
    fix.altitude = altitude;
    fix.comment = comment;
    Q_UNUSED(symbolCode);
    return true;
}

bool AprsPositionParser::parseMicE(
    QByteArrayView dest, QByteArrayView info, qsizetype at, AprsFix &fix, AprsParseError &error)
{
    if (dest.size() < 6)
        return fail(error, QStringLiteral("Mic-E destination shorter than 6 characters"), 0);
    int latDigits[6];
    int bits[3] = { 0, 0, 0 };
    bool custom = false;
    bool north = false, lonOffset = false, west = false;
    for (int i = 0; i < 6; ++i) {
        const char c = dest[i];
        bool high = false;
        if (isDigit(c)) {
            latDigits[i] = c - '0';
        } else if (c >= 'A' && c <= 'J') {
            latDigits[i] = c - 'A';
            custom = custom || i < 3;
            high = true;
        } else if (c == 'K') {
            latDigits[i] = 0;
            custom = custom || i < 3;
            high = true;
        } else if (c == 'L') {
            latDigits[i] = 0;
        } else if (c >= 'P' && c <= 'Y') {
            latDigits[i] = c - 'P';
            high = true;
        } else if (c == 'Z') {
            latDigits[i] = 0;
            high = true;
        } else {
            return fail(error, QStringLiteral("bad Mic-E destination character"), 0);
        }
        const bool upperGroup = c >= 'P' && c <= 'Z';
        if (i < 3)
            bits[i] = high ? 1 : 0;
        else if (i == 3)
            north = upperGroup;
        else if (i == 4)
            lonOffset = upperGroup;
        else
            west = upperGroup;
    }
    if (info.size() < 9)
        return fail(error, QStringLiteral("truncated Mic-E information field"), at + info.size());
    const int latDeg = latDigits[0] * 10 + latDigits[1];
    const int latMin = latDigits[2] * 10 + latDigits[3];
    const int latHun = latDigits[4] * 10 + latDigits[5];
    if (latDeg > 89 || latMin > 59)
        return fail(error, QStringLiteral("bad Mic-E latitude"), 0);
    int lonDeg = static_cast<quint8>(info[1]) - 28;
    int lonMin = static_cast<quint8>(info[2]) - 28;
    const int lonHun = static_cast<quint8>(info[3]) - 28;
    if (lonOffset)
        lonDeg += 100;
    if (lonDeg >= 180 && lonDeg <= 189)
        lonDeg -= 80;
    else if (lonDeg >= 190 && lonDeg <= 199)
        lonDeg -= 190;
    if (lonMin >= 60)
        lonMin -= 60;
    if (lonDeg < 0 || lonDeg > 179 || lonMin < 0 || lonMin > 59 || lonHun < 0 || lonHun > 99)
        return fail(error, QStringLiteral("bad Mic-E longitude"), at + 1);
    const int sp = static_cast<quint8>(info[4]) - 28, dc = static_cast<quint8>(info[5]) - 28;
    const int se = static_cast<quint8>(info[6]) - 28;
    if (sp < 0 || dc < 0 || se < 0)
        return fail(error, QStringLiteral("bad Mic-E speed/course"), at + 4);
    int speed = sp * 10 + dc / 10;
    int course = (dc % 10) * 100 + se;
    if (speed >= 800)
        speed -= 800;
    if (course >= 400)
        course -= 400;

    double lat = latDeg + (latMin + latHun / 100.0) / 60.0;
    double lon = lonDeg + (lonMin + lonHun / 100.0) / 60.0;
    if (!north)
        lat = -lat;
    if (west)
        lon = -lon;

    QByteArrayView comment = info.sliced(9);
    double altitude = 0;
    bool hasAltitude = false;
    for (const qsizetype skip : { 0, 1 }) {
        if (comment.size() >= skip + 4 && comment[skip + 3] == '}') {
            const int n = base91(comment, skip, 3);
            if (n >= 0) {
                altitude = n - 10000;
                hasAltitude = true;
                comment = comment.sliced(skip + 4);
                break;
            }
        }
    }
    if (!hasAltitude)
        hasAltitude = commentAltitude(comment, altitude);

    static const char *const kMessages[8] = { "Emergency", "Priority", "Special", "Committed",
        "Returning", "In Service", "En Route", "Off Duty" };
    const int code = bits[0] * 4 + bits[1] * 2 + bits[2];
    fix.latitude = lat;
    fix.longitude = lon;
    fix.hasCourse = true;
    fix.course = course >= 360 ? 0 : course;
    fix.speedKnots = speed;
    fix.hasAltitude = hasAltitude;
    fix.altitude = altitude;
    fix.comment = comment;
    fix.micEMessage
        = custom ? QStringLiteral("Custom-%1").arg(7 - code) : QString::fromLatin1(kMessages[code]);
    fix.emergency = !custom && code == 0;
    return true;
}

} // namespace fw
