#include "SuntechDecoder.h"

#include "MessageStart.h"
#include "SuntechFields.h"
#include "SuntechZip.h"
#include "domain/Network.h"

#include <QDateTime>
#include <QStringList>

namespace fw {

using namespace suntech;

namespace {

const QString kName = QStringLiteral("suntech");
constexpr qsizetype kMaxFrame = 2048;

quint32 be(QByteArrayView s, qsizetype at, int bytes)
{
    quint32 v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | static_cast<quint8>(s[at + i]);
    return v;
}

bool isBinaryType(char c)
{
    return c == '\x02' || c == '\x81' || c == '\x82';
}

DecodedMessage &newMessage(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    return startMessage(kName, id, ctx, out);
}

bool validId(const QString &id)
{
    if (id.isEmpty() || id.size() > 20)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) { return c.isLetterOrNumber(); });
}

// "yyyyMMdd" and "HH:mm:ss", read by hand (parsing with a format string costs more than the
// rest of the report).
bool setTime(const QString &date, const QString &time, Position &p)
{
    if (date.size() != 8 || time.size() != 8 || time[2] != u':' || time[5] != u':')
        return false;
    bool ok[6] = {};
    const auto num = [&ok](const QString &s, int at, int n, int i) {
        return QStringView(s).mid(at, n).toInt(&ok[i]);
    };
    const QDate d(num(date, 0, 4, 0), num(date, 4, 2, 1), num(date, 6, 2, 2));
    const int h = num(time, 0, 2, 3), m = num(time, 3, 2, 4), sec = num(time, 6, 2, 5);
    if (!std::all_of(std::begin(ok), std::end(ok), [](bool b) { return b; }) || !d.isValid()
        || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
        return false;
    constexpr qint64 kUnixEpochDay = 2440588; // Julian day of 1970-01-01
    p.deviceTime = ((d.toJulianDay() - kUnixEpochDay) * 86400 + h * 3600 + m * 60 + sec) * 1000;
    return true;
}

// Latitude and longitude in signed decimal degrees; false when either is not a coordinate.
bool setLocation(const QString &lat, const QString &lon, DecodedMessage &m)
{
    bool ok1 = false, ok2 = false;
    const double la = lat.toDouble(&ok1);
    const double lo = lon.toDouble(&ok2);
    if (!ok1 || !ok2 || std::abs(la) > 90.0 || std::abs(lo) > 180.0)
        return false;
    m.position.latitude = la;
    m.position.longitude = lo;
    m.hasLocation = true;
    return true;
}

void setAlarm(DecodedMessage &m, const QString &name)
{
    if (name.isEmpty())
        return;
    m.position.attributes.set(attr::alarm, name);
    m.type = MessageType::Event;
    m.text = QStringLiteral("alarm ") + name;
}

// EMG codes of the legacy reports.
QString emergencyAlarm(int code)
{
    switch (code) {
    case 1: return alarm::sos;
    case 2: return alarm::parking;
    case 3: return alarm::powerCut;
    case 5:
    case 6: return alarm::door;
    case 7: return alarm::movement;
    case 8: return alarm::vibration;
    default: return {};
    }
}

// ALT alert ids (legacy, universal and binary alerts).
QString alertAlarm(int code)
{
    switch (code) {
    case 1: return alarm::overspeed;
    case 5: return alarm::geofenceExit;
    case 6: return alarm::geofenceEnter;
    case 14: return alarm::lowBattery;
    case 15: return alarm::vibration;
    case 16: return alarm::accident;
    case 40: return alarm::powerOn;
    case 41: return alarm::powerCut;
    case 46: return alarm::hardAcceleration;
    case 47: return alarm::hardBraking;
    case 50: return alarm::jamming;
    default: return {};
    }
}

// ST200 / ST300 / SA200 / ST500 / ST600 reports.
void decodeLegacy(SuntechFields &f, const QString &head, DecodeContext &ctx, DecodeResult &out)
{
    const QString model = head.left(5);
    const QString type = head.mid(5);
    if (type != u"STT" && type != u"EMG" && type != u"EVT" && type != u"ALT" && type != u"UEX")
        return; // keep-alives (ALV) and others carry nothing to store
    const QString id = f.next();
    if (!validId(id)) {
        out.error = QStringLiteral("suntech: bad device id");
        return;
    }
    DecodedMessage &m = newMessage(id, ctx, out);
    Position &p = m.position;
    Attributes &a = p.attributes;
    a.set(QStringLiteral("type"), type);
    if (model.startsWith(u"ST3") || model == u"ST500" || model == u"ST600")
        f.skip(); // model
    a.set(QStringLiteral("versionFw"), f.next());
    const QString date = f.next();
    const QString time = f.next();
    if (!setTime(date, time, p)) {
        out.messages.removeLast();
        out.error = QStringLiteral("suntech: bad date or time");
        return;
    }
    if (model != u"ST500") {
        bool ok = false;
        const qint64 cid = f.next().toLongLong(&ok, 16);
        if (model == u"ST600") {
            const int mcc = f.next().toInt();
            const int mnc = f.next().toInt();
            const qint64 lac = f.next().toLongLong(nullptr, 16);
            const int rxlev = f.next().toInt();
            if (ok && mcc > 0) {
                Network n;
                n.radioType = QStringLiteral("gsm");
                n.addCell(mcc, mnc, lac, cid, rxlev);
                n.storeIn(a);
            }
        }
    }
    const QString lat = f.next();
    if (!setLocation(lat, f.next(), m)) {
        out.messages.removeLast();
        out.error = QStringLiteral("suntech: bad coordinates");
        return;
    }
    p.speedKph = f.next().toDouble();
    p.course = f.next().toDouble();
    p.satellites = f.next().toInt();
    a.set(QStringLiteral("sat"), p.satellites);
    p.valid = f.next() == u"1";
    setInt(a, attr::odometer, f.next());
    setDouble(a, attr::power, f.next());
    const QString io = f.next();
    if (io.size() >= 6) {
        a.set(attr::ignition, io[0] == u'1');
        for (int i = 1; i <= 3; ++i)
            a.set(QStringLiteral("in%1").arg(i), io[i] == u'1');
        a.set(QStringLiteral("out1"), io[4] == u'1');
        a.set(QStringLiteral("out2"), io[5] == u'1');
    }
    if (type == u"STT") {
        setInt(a, attr::status, f.next());
        setInt(a, attr::index, f.next());
    } else if (type == u"EMG") {
        setAlarm(m, emergencyAlarm(f.next().toInt()));
    } else if (type == u"EVT") {
        setInt(a, attr::event, f.next());
    } else if (type == u"ALT") {
        setAlarm(m, alertAlarm(f.next().toInt()));
    } else {
        readUserData(f, p);
        f.skip(); // checksum
    }
    readMeterTail(f, a);
}

// ST4xx: seven serving/neighbour cells before the fix.
void decodeSt4(SuntechFields &f, const QString &head, DecodeContext &ctx, DecodeResult &out)
{
    const QString type = head.mid(5);
    if (type != u"STT" && type != u"ALT")
        return;
    const QString id = f.next();
    if (!validId(id)) {
        out.error = QStringLiteral("suntech: bad device id");
        return;
    }
    if (f.left() < 2 + 7 * 6 + 4 + 2) {
        out.error = QStringLiteral("suntech: short ST4xx report");
        return;
    }
    DecodedMessage &m = newMessage(id, ctx, out);
    Position &p = m.position;
    Attributes &a = p.attributes;
    a.set(QStringLiteral("type"), type);
    a.set(QStringLiteral("versionFw"), f.next());
    f.skip(); // model
    if (f.peek().size() <= 2)
        f.skip(); // newer firmware: a two-digit field before the cells
    Network n;
    n.radioType = QStringLiteral("gsm");
    for (int i = 0; i < 7; ++i) {
        const qint64 cid = f.next().toLongLong();
        const int mcc = f.next().toInt();
        const int mnc = f.next().toInt();
        int signal = 0;
        qint64 lac = 0;
        if (i == 0) {
            signal = f.next().toInt();
            lac = f.next().toLongLong();
        } else {
            lac = f.next().toLongLong();
            signal = f.next().toInt();
        }
        f.skip(); // timing advance
        if (cid > 0)
            n.addCell(mcc, mnc, lac, cid, signal);
    }
    if (!n.cellTowers.isEmpty())
        n.storeIn(a);
    setDouble(a, attr::battery, f.next());
    if (f.next() == u"0")
        a.set(attr::archive, true);
    setInt(a, attr::index, f.next());
    setInt(a, attr::status, f.next());
    // Newer firmware adds fields (collaborative network, io, temperature) before the date.
    while (!f.atEnd() && !(f.peek().size() == 8 && f.peek(1).size() == 8 && f.peek(1)[2] == u':'))
        f.skip();
    const QString date = f.next();
    const QString time = f.next();
    if (date.isEmpty()) {
        // Cells and battery without a fix: the fleet keeps the last fix, marked outdated.
        m.type = n.cellTowers.isEmpty() ? MessageType::Status : MessageType::Position;
        m.text = QStringLiteral("cell report");
        return;
    }
    const QString lat = f.next();
    if (!setTime(date, time, p) || !setLocation(lat, f.next(), m)) {
        out.messages.removeLast();
        out.error = QStringLiteral("suntech: bad ST4xx date or coordinates");
        return;
    }
    p.speedKph = f.next().toDouble();
    p.course = f.next().toDouble();
    p.satellites = f.next().toInt();
    a.set(QStringLiteral("sat"), p.satellites);
    p.valid = f.next() == u"1";
}

// ST910 personal trackers.
void decodeSt9(SuntechFields &f, DecodeContext &ctx, DecodeResult &out)
{
    const QString type = f.next();
    if (type != u"Location" && type != u"Emergency" && type != u"Alert")
        return;
    const QString id = f.next();
    if (!validId(id)) {
        out.error = QStringLiteral("suntech: bad device id");
        return;
    }
    DecodedMessage &m = newMessage(id, ctx, out);
    Position &p = m.position;
    if (f.peek().size() != 8) // an Alert of the second layout has no firmware version
        p.attributes.set(QStringLiteral("versionFw"), f.next());
    const QString date = f.next();
    const QString time = f.next();
    if (!f.peek().contains(u'.'))
        f.skip(); // cell of the second layout
    const QString lat = f.next();
    if (!setTime(date, time, p) || !setLocation(lat, f.next(), m)) {
        out.messages.removeLast();
        out.error = QStringLiteral("suntech: bad ST910 date or coordinates");
        return;
    }
    p.speedKph = f.next().toDouble();
    p.course = f.next().toDouble();
    p.valid = f.next() == u"1";
    if (type != u"Location")
        setAlarm(m, alarm::general);
}

// STT / ALT / UEX / BLE of the universal protocol: a hex mask selects the fields.
void decodeUniversal(SuntechFields &f, const QString &type, DecodeContext &ctx, DecodeResult &out)
{
    const QString id = f.next();
    if (!validId(id)) {
        out.error = QStringLiteral("suntech: bad device id");
        return;
    }
    const bool ble = type == u"BLE";
    bool ok = true;
    const quint32 mask = ble ? 0x1836u : f.next().toUInt(&ok, 16);
    if (!ok) {
        out.error = QStringLiteral("suntech: bad field mask");
        return;
    }
    const auto bit = [mask](int n) { return (mask >> n) & 1u; };
    DecodedMessage &m = newMessage(id, ctx, out);
    Position &p = m.position;
    Attributes &a = p.attributes;
    a.set(QStringLiteral("type"), type);
    if (bit(1))
        f.skip(); // model
    if (bit(2))
        a.set(QStringLiteral("versionFw"), f.next());
    if (bit(3) && f.next() == u"0")
        a.set(attr::archive, true);
    if (bit(4) && bit(5)) {
        const QString date = f.next();
        if (!setTime(date, f.next(), p)) {
            out.messages.removeLast();
            out.error = QStringLiteral("suntech: bad date or time");
            return;
        }
    }
    bool cellOk = false;
    const qint64 cid = bit(6) ? f.next().toLongLong(&cellOk, 16) : 0;
    const int mcc = bit(7) ? f.next().toInt() : 0;
    const int mnc = bit(8) ? f.next().toInt() : 0;
    const qint64 lac = bit(9) ? f.next().toLongLong(nullptr, 16) : 0;
    if (cellOk && mcc > 0) {
        Network n;
        n.radioType = QStringLiteral("gsm");
        n.addCell(mcc, mnc, lac, cid);
        n.storeIn(a);
    }
    if (bit(10))
        setInt(a, attr::rssi, f.next());
    if (bit(11) && bit(12)) {
        const QString lat = f.next();
        if (!setLocation(lat, f.next(), m)) {
            out.messages.removeLast();
            out.error = QStringLiteral("suntech: bad coordinates");
            return;
        }
    }
    if (ble) {
        p.valid = true;
        const int count = std::min(f.next().toInt(), 16);
        for (int i = 1; i <= count && !f.atEnd(); ++i) {
            const QString tag = QStringLiteral("tag%1").arg(i);
            setInt(a, tag + QStringLiteral("Rssi"), f.next());
            f.skip(2); // weakest and strongest signal
            a.set(tag + QStringLiteral("Id"), f.next());
            setInt(a, tag + QStringLiteral("Samples"), f.next());
            setInt(a, tag + QStringLiteral("Major"), f.next());
            setInt(a, tag + QStringLiteral("Minor"), f.next());
        }
        return;
    }
    if (bit(13))
        p.speedKph = f.next().toDouble();
    if (bit(14))
        p.course = f.next().toDouble();
    if (bit(15)) {
        p.satellites = f.next().toInt();
        a.set(QStringLiteral("sat"), p.satellites);
    }
    if (bit(16))
        p.valid = f.next() == u"1";
    if (bit(17))
        setInt(a, QStringLiteral("input"), f.next());
    if (bit(18))
        setInt(a, QStringLiteral("output"), f.next());
    if (type == u"UEX") {
        readUserData(f, p); // the user data block follows the outputs
        return;
    }
    if (type == u"ALT") {
        const QString alertId = bit(19) ? f.next() : QString();
        if (bit(20))
            f.skip(); // alert modifier
        if (bit(21))
            a.set(QStringLiteral("alertData"), f.next());
        if (!alertId.isEmpty()) {
            a.set(QStringLiteral("alertId"), alertId);
            // Universal alert 42 is the panic button.
            const QString name = alertId == u"42" ? alarm::sos : alertAlarm(alertId.toInt());
            setAlarm(m, name);
        }
    } else {
        if (bit(19))
            setInt(a, QStringLiteral("mode"), f.next());
        if (bit(20))
            setInt(a, QStringLiteral("reason"), f.next());
        if (bit(21))
            setInt(a, attr::index, f.next());
    }
    // Bit 22 announces a hex map of the user-assigned fields; without it, any fields past the
    // mask are the assigned ones in order.
    quint32 assigned = 0;
    if (bit(22))
        assigned = f.next().toUInt(nullptr, 16);
    for (int i = 0; i < 32 && !f.atEnd(); ++i) {
        if (bit(22) && !((assigned >> i) & 1u))
            continue;
        a.set(QStringLiteral("assign%1").arg(i + 1), f.next());
    }
}

void decodeBinary(QByteArrayView s, DecodeContext &ctx, DecodeResult &out)
{
    const quint8 type = static_cast<quint8>(s[0]);
    if (type == 0x02 && !zipReportId(s).isEmpty()) {
        decodeZipReport(s, newMessage(zipReportId(s), ctx, out));
        return;
    }
    if (type == 0x02 || s.size() < 11) {
        // Other compact reports have a layout we do not know yet: a sign of life.
        if (!ctx.uniqueId.isEmpty()) {
            DecodedMessage &m = out.messages.emplaceBack();
            m.type = MessageType::Heartbeat;
            m.position.uniqueId = ctx.uniqueId;
            m.position.protocol = kName;
            m.position.deviceTime = ctx.now;
        }
        return;
    }
    const QString id = QString::fromLatin1(s.sliced(3, 5).toByteArray().toHex());
    DecodedMessage &m = newMessage(id, ctx, out);
    Position &p = m.position;
    Attributes &a = p.attributes;
    const quint32 mask = be(s, 8, 3);
    qsizetype at = 11;
    bool truncated = false;
    // Reads n bytes big-endian, or marks the report truncated.
    const auto take = [&](int n) -> quint32 {
        if (at + n > s.size()) {
            truncated = true;
            return 0;
        }
        const quint32 v = be(s, at, n);
        at += n;
        return v;
    };
    const auto bit = [mask](int n) { return (mask >> n) & 1u; };
    if (bit(1))
        take(1); // model
    if (bit(2)) {
        const quint32 v = take(3);
        a.set(QStringLiteral("versionFw"), QStringLiteral("%1.%2.%3")
                                               .arg(v >> 16).arg((v >> 8) & 0xff).arg(v & 0xff));
    }
    if (bit(3) && take(1) == 0)
        a.set(attr::archive, true);
    if (bit(4) && bit(5)) {
        const quint32 d = take(3);
        const quint32 t = take(3);
        const QDate date(2000 + static_cast<int>(d >> 16), (d >> 8) & 0xff, d & 0xff);
        const QTime time(static_cast<int>(t >> 16), (t >> 8) & 0xff, t & 0xff);
        if (date.isValid() && time.isValid())
            p.deviceTime = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    }
    const quint32 cid = bit(6) ? take(4) : 0;
    const quint32 mcc = bit(7) ? take(2) : 0;
    const quint32 mnc = bit(8) ? take(2) : 0;
    const quint32 lac = bit(9) ? take(2) : 0;
    if (cid != 0 && mcc != 0) {
        Network n;
        n.radioType = QStringLiteral("gsm");
        n.addCell(static_cast<int>(mcc), static_cast<int>(mnc), lac, cid);
        n.storeIn(a);
    }
    if (bit(10))
        a.set(attr::rssi, static_cast<int>(take(1)));
    const auto coordinate = [](quint32 v) {
        const double magnitude = (v & 0x7fffffffu) / 1e6;
        return (v & 0x80000000u) ? -magnitude : magnitude;
    };
    const bool hasFix = bit(11) && bit(12);
    const double lat = bit(11) ? coordinate(take(4)) : 0.0;
    const double lon = bit(12) ? coordinate(take(4)) : 0.0;
    if (bit(13))
        p.speedKph = take(2) / 100.0;
    if (bit(14))
        p.course = take(2) / 100.0;
    if (bit(15)) {
        p.satellites = static_cast<int>(take(1));
        a.set(QStringLiteral("sat"), p.satellites);
    }
    if (bit(16))
        p.valid = take(1) > 0;
    if (bit(17)) {
        const quint32 input = take(1);
        a.set(attr::ignition, (input & 1u) != 0);
        a.set(QStringLiteral("input"), static_cast<int>(input));
    }
    if (bit(18))
        a.set(QStringLiteral("output"), static_cast<int>(take(1)));
    const quint32 alertId = bit(19) ? take(1) : 0;
    if (type == 0x82)
        setAlarm(m, alertAlarm(static_cast<int>(alertId)));
    if (bit(20))
        take(2); // alert modifier
    if (bit(21) && alertId == 59 && at + 8 <= s.size())
        a.set(QStringLiteral("driverUniqueId"),
              QString::fromLatin1(s.sliced(at, 8).toByteArray().toHex()));
    if (truncated) {
        out.messages.removeLast();
        out.error = QStringLiteral("suntech: binary report shorter than its field mask");
        return;
    }
    if (hasFix && std::abs(lat) <= 90.0 && std::abs(lon) <= 180.0) {
        p.latitude = lat;
        p.longitude = lon;
        m.hasLocation = true;
    }
}

// "CMD;Res;ID;text" and "RES;ID;text": the answer to a command.
void decodeResult(SuntechFields &f, bool legacy, DecodeContext &ctx, DecodeResult &out)
{
    if (legacy)
        f.skip(); // "Res"
    const QString id = f.next();
    if (!validId(id))
        return;
    DecodedMessage &m = newMessage(id, ctx, out);
    m.type = MessageType::CommandResult;
    QStringList rest;
    while (!f.atEnd())
        rest << f.next();
    m.text = rest.join(u';');
    m.position.attributes.set(attr::result, m.text);
}

// "ST300HTE;ID;...;driver": a trip summary with the driver's id, no fix of its own.
void decodeTravel(SuntechFields &f, DecodeContext &ctx, DecodeResult &out)
{
    const QString id = f.next();
    if (!validId(id))
        return;
    DecodedMessage &m = newMessage(id, ctx, out);
    m.type = MessageType::Status;
    m.text = QStringLiteral("trip report");
    m.position.attributes.set(QStringLiteral("driverUniqueId"), f.at(f.size() - 1).trimmed());
}

// "STT", "ST300STT", "SA200ALV", "ST910", "-Error" (a refused command): upper-case letters and
// digits, or the error word.
bool looksLikeHead(const QString &head)
{
    if (head == u"-Error")
        return true;
    return head.size() >= 3 && head.size() <= 10
        && std::all_of(head.begin(), head.end(), [](QChar c) {
               return (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
           });
}

} // namespace

const ProtocolInfo &SuntechDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Suntech"), 5011, true, true, false,
        true, kMaxFrame };
    return info;
}

FrameCut SuntechDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    if (s[0] == '\r' || s[0] == '\n' || s[0] == '\0') {
        qsizetype i = 1;
        while (i < n && (s[i] == '\r' || s[i] == '\n' || s[i] == '\0'))
            ++i;
        return FrameCut::skip(i);
    }
    if (isBinaryType(s[0])) {
        if (n < 3)
            return FrameCut::needMore();
        if (s[1] != '\0')
            return FrameCut::garbage(1);
        const qsizetype total = be(s, 1, 2) + (s[0] == '\x02' ? 4 : 3);
        if (total < 11 || total > kMaxFrame)
            return FrameCut::garbage(1);
        return n >= total ? FrameCut::frame(total) : FrameCut::needMore();
    }
    if (s.startsWith("CRR;")) {
        // CRR;ID;part;parts;LLLL; then LLLL bytes of crash data and a 4-byte tail.
        if (n < 24)
            return FrameCut::needMore();
        bool ok = false;
        const int len = QByteArray(s.sliced(19, 4).data(), 4).toInt(&ok);
        if (!ok || s[23] != ';' || len < 0 || 24 + len + 4 > kMaxFrame)
            return FrameCut::garbage(1);
        return n >= 24 + len + 4 ? FrameCut::frame(24 + len + 4) : FrameCut::needMore();
    }
    // Text: up to a CR. Only a UEX block may hold CR LF / LF CR before its next ';' field, so
    // only there does a CR at the end of the data wait for what follows.
    const qsizetype limit = std::min(n, kMaxFrame);
    const qsizetype headEnd = s.first(std::min<qsizetype>(n, 12)).indexOf(';');
    const bool userData = headEnd >= 3 && s.first(headEnd).endsWith("UEX");
    for (qsizetype i = 0; i < limit; ++i) {
        if (s[i] != '\r')
            continue;
        qsizetype after = i + 1;
        if (after < n && s[after] == '\n')
            ++after;
        if (!userData)
            return FrameCut::frame(after);
        if (after >= n)
            return FrameCut::needMore();
        if (s[after] != ';')
            return FrameCut::frame(after);
    }
    return n >= kMaxFrame ? FrameCut::garbage(n) : FrameCut::needMore();
}

void SuntechDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (frame.isEmpty())
        return;
    if (isBinaryType(frame[0]) && frame.size() >= 2 && frame[1] == '\0') {
        decodeBinary(frame, ctx, out);
        return;
    }
    if (frame.startsWith("CRR;"))
        return; // crash records (acceleration samples) are not kept
    // Only a UEX block may hold binary user data.
    const qsizetype headEnd = frame.first(std::min<qsizetype>(frame.size(), 12)).indexOf(';');
    const bool userData = headEnd >= 3 && frame.first(headEnd).endsWith("UEX");
    for (const char c : frame) {
        if (!userData && (static_cast<unsigned char>(c) >= 0x80 || c == '\0')) {
            out.error = QStringLiteral("suntech: binary byte in a text report");
            return;
        }
    }
    QString text = QString::fromLatin1(frame);
    while (text.endsWith(u'\r') || text.endsWith(u'\n'))
        text.chop(1);
    SuntechFields f(text.split(u';'));
    const QString head = f.next();
    if (!looksLikeHead(head)) {
        out.error = QStringLiteral("suntech: not a Suntech report");
        return;
    }
    if (head == u"RES" || head.endsWith(u"CMD")) {
        if (head == u"RES" || f.peek() == u"Res")
            decodeResult(f, head != u"RES", ctx, out);
        return;
    }
    if (head.size() < 5) {
        if (head == u"STT" || head == u"ALT" || head == u"UEX" || head == u"BLE")
            decodeUniversal(f, head, ctx, out);
        return; // BSA, ALV and others need nothing stored
    }
    if (head.endsWith(u"HTE"))
        decodeTravel(f, ctx, out);
    else if (head.startsWith(u"ST9"))
        decodeSt9(f, ctx, out);
    else if (head.startsWith(u"ST4"))
        decodeSt4(f, head, ctx, out);
    else if (head.startsWith(u"ST") || head.startsWith(u"SA"))
        decodeLegacy(f, head, ctx, out);
}

} // namespace fw
