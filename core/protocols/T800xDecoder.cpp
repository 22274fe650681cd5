#include "T800xDecoder.h"

#include "MessageStart.h"
#include "domain/Network.h"

#include <QDateTime>
#include <cmath>
#include <cstring>
#include <limits>

namespace fw {

namespace {

const QString kName = QStringLiteral("t800x");
constexpr qsizetype kHeader = 15;
constexpr qsizetype kMaxFrame = 2048;

bool isHeader(QByteArrayView s)
{
    return s.size() >= 2 && s[0] == s[1]
        && (s[0] == '#' || s[0] == '%' || s[0] == '&' || s[0] == '\'');
}

int bcd(quint8 b)
{
    const int hi = b >> 4, lo = b & 0x0f;
    return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

// Big-endian and little-endian reads that say when the body is too short.
class Reader
{
public:
    explicit Reader(QByteArrayView s) : m_s(s) { }
    bool has(qsizetype n) const { return m_at + n <= m_s.size(); }
    void skip(qsizetype n) { m_at = std::min(m_s.size(), m_at + n); }
    quint32 be(int n)
    {
        if (!has(n)) {
            m_at = m_s.size();
            m_short = true;
            return 0;
        }
        quint32 v = 0;
        for (int i = 0; i < n; ++i)
            v = (v << 8) | static_cast<quint8>(m_s[m_at + i]);
        m_at += n;
        return v;
    }
    float floatLe()
    {
        const QByteArrayView b = take(4);
        if (b.size() != 4)
            return std::numeric_limits<float>::quiet_NaN();
        const quint32 bits = quint32(quint8(b[0])) | quint32(quint8(b[1])) << 8
            | quint32(quint8(b[2])) << 16 | quint32(quint8(b[3])) << 24;
        float f = 0;
        std::memcpy(&f, &bits, sizeof f);
        return f;
    }
    QByteArrayView take(qsizetype n)
    {
        if (n < 0 || !has(n)) {
            m_short = true;
            m_at = m_s.size();
            return {};
        }
        const QByteArrayView v = m_s.sliced(m_at, n);
        m_at += n;
        return v;
    }
    QByteArrayView rest() const { return m_s.sliced(m_at); }
    bool isShort() const { return m_short; }

private:
    QByteArrayView m_s;
    qsizetype m_at = 0;
    bool m_short = false;
};

TimeMs readDate(Reader &r)
{
    const QByteArrayView d = r.take(6);
    if (d.size() != 6)
        return kNoTime;
    int v[6];
    for (int i = 0; i < 6; ++i)
        v[i] = bcd(static_cast<quint8>(d[i]));
    const QDate date(2000 + v[0], v[1], v[2]);
    const QTime time(v[3], v[4], v[5]);
    if (!date.isValid() || !time.isValid())
        return kNoTime;
    return QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
}

QString utf16le(QByteArrayView b)
{
    QString s;
    for (qsizetype i = 0; i + 1 < b.size(); i += 2)
        s.append(QChar(static_cast<char16_t>(quint8(b[i]) | quint8(b[i + 1]) << 8)));
    return s;
}

QString alarmName(int code)
{
    switch (code) {
    case 1: return alarm::powerCut;
    case 2: return alarm::lowBattery;
    case 3: return alarm::sos;
    case 4: return alarm::overspeed;
    case 5: return alarm::geofenceEnter;
    case 6: return alarm::geofenceExit;
    case 7: return alarm::tow;
    case 8:
    case 10: return alarm::vibration;
    case 21: return alarm::jamming;
    case 23: return alarm::powerOn;
    case 24: return alarm::lowPower;
    default: return {};
    }
}

DecodedMessage &newMessage(const QString &id, DecodeContext &ctx, DecodeResult &out)
{
    return startMessage(kName, id, ctx, out);
}

// Altitude, longitude, latitude (floats), speed (BCD, 0.1 km/h), course.
void readFix(Reader &r, DecodedMessage &m)
{
    Position &p = m.position;
    const float alt = r.floatLe();
    const float lon = r.floatLe();
    const float lat = r.floatLe();
    const QByteArrayView speed = r.take(2);
    const int course = static_cast<int>(r.be(2));
    if (r.isShort() || !std::isfinite(lat) || !std::isfinite(lon) || std::abs(lat) > 90.0f
        || std::abs(lon) > 180.0f)
        return;
    p.altitude = alt;
    p.longitude = lon;
    p.latitude = lat;
    const int s1 = bcd(quint8(speed[0])), s2 = bcd(quint8(speed[1]));
    p.speedKph = s1 < 0 || s2 < 0 ? 0.0 : (s1 * 100 + s2) * 0.1;
    p.course = course;
    m.hasLocation = true;
}

// Four BCD digits in two bytes (0..9999), -1 when a nibble is not a digit or the body ends.
int bcd4(Reader &r)
{
    const QByteArrayView v = r.take(2);
    const int hi = v.size() == 2 ? bcd(quint8(v[0])) : -1;
    const int lo = v.size() == 2 ? bcd(quint8(v[1])) : -1;
    return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

// Without a fix: the date, then MCC and MNC and three (LAC, cell id) pairs, little-endian.
void readCells(Reader &r, Attributes &a)
{
    const quint32 mcc = r.be(2), mnc = r.be(2);
    auto le = [](quint32 v) { return static_cast<int>(((v & 0xff) << 8) | (v >> 8)); };
    if (r.isShort() || mcc == 0xffff || mnc == 0xffff)
        return;
    Network n;
    for (int i = 0; i < 3; ++i) {
        const int lac = le(r.be(2));
        const int cid = le(r.be(2));
        if (!r.isShort())
            n.addCell(le(mcc), le(mnc), lac, cid);
    }
    if (n.cellTowers.isEmpty())
        return;
    n.radioType = QStringLiteral("gsm");
    n.storeIn(a);
}

// The tail after the fix: the compact family has acceleration and battery level; the others
// a battery voltage (newer layouts and the TLW2-2BL) and the external power when present.
void readTail(Reader &r, char family, bool extended, const QString &model, Attributes &a)
{
    if (family == '\'') {
        r.skip(5); // acceleration
        const int battery = r.has(1) ? bcd(quint8(r.be(1))) : -1;
        if (battery >= 0)
            a.set(attr::batteryLevel, battery > 0 ? battery : 100);
        return;
    }
    if (extended || model == u"TLW2-2BL") {
        const int battery = bcd4(r);
        if (battery >= 0)
            a.set(attr::battery, battery / 100.0);
    }
    if (r.has(2)) {
        const int power = bcd4(r);
        if (power >= 0)
            a.set(attr::power, power / 100.0);
    }
}

void decodeReport(Reader &r, char family, quint8 type, quint16 index, const QString &model,
                  DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    a.set(attr::index, static_cast<int>(index));
    const bool compact = family == '\''; // the "''" family leaves most fields out
    const bool extended = type == 0x13 || type == 0x14;
    if (!compact) {
        r.skip(7); // ACC on / off intervals, angle and distance compensation
        a.set(attr::rssi, static_cast<int>(r.be(2) & 0x7f));
    }
    const int status = static_cast<int>(r.be(1));
    p.satellites = status & 0x1f;
    a.set(QStringLiteral("sat"), p.satellites);
    if (!compact) {
        r.skip(6); // g-sensor state, flags, heartbeat, relay, drag alarm setting
        const quint32 io = r.be(2);
        a.set(attr::ignition, ((io >> 14) & 1u) != 0);
        if (extended) {
            a.set(QStringLiteral("output"), static_cast<int>(r.be(1)));
            r.skip(1);
        }
        if (family != '&') {
            const int inputs = extended ? 5 : 2;
            for (int i = 1; i <= inputs; ++i) {
                const QByteArrayView v = r.take(2);
                const int hi = v.size() == 2 ? bcd(quint8(v[0])) : -1;
                const int lo = v.size() == 2 ? bcd(quint8(v[1])) : -1;
                if (hi >= 0 && lo >= 0)
                    a.set(QStringLiteral("adc%1").arg(i), (hi * 100 + lo) * 0.01);
            }
        }
    }
    const QString alarmText = alarmName(static_cast<int>(r.be(1)));
    if (!alarmText.isEmpty()) {
        a.set(attr::alarm, alarmText);
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm ") + alarmText;
    }
    if (!compact) {
        r.skip(1);
        a.set(attr::odometer, static_cast<qint64>(r.be(4)));
        const int battery = bcd(quint8(r.be(1)));
        a.set(attr::batteryLevel, battery > 0 ? battery : 100);
    }
    const TimeMs time = readDate(r);
    if (time != kNoTime)
        p.deviceTime = time;
    if (status & 0x40) {
        p.valid = (status & 0x80) == 0;
        readFix(r, m);
        if (family == '&')
            p.speedKph = 0; // this family sends a reserved word where the others have speed
    } else {
        readCells(r, a);
    }
    if (!r.isShort())
        readTail(r, family, extended, model, a);
}

} // namespace

const ProtocolInfo &T800xDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("T800x / TLW"), 5094, true, true,
        false, false, kMaxFrame };
    return info;
}

QByteArray T800xDecoder::acknowledgement(QByteArrayView frame, quint8 alarmCode)
{
    QByteArray out = frame.first(kHeader).toByteArray();
    const int length = alarmCode ? 16 : 15;
    out[3] = static_cast<char>(length >> 8);
    out[4] = static_cast<char>(length & 0xff);
    if (alarmCode)
        out.append(static_cast<char>(alarmCode));
    return out;
}

FrameCut T800xDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    if (n >= 2 && !isHeader(s)) {
        for (qsizetype i = 1; i + 1 < n; ++i) {
            if (isHeader(s.sliced(i)))
                return FrameCut::garbage(i);
        }
        return FrameCut::garbage(n - 1);
    }
    if (n < 5)
        return FrameCut::needMore();
    const qsizetype length = quint8(s[3]) << 8 | quint8(s[4]);
    if (length < kHeader || length > kMaxFrame)
        return FrameCut::garbage(1);
    return n >= length ? FrameCut::frame(length) : FrameCut::needMore();
}

void T800xDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    if (frame.size() < kHeader || !isHeader(frame)) {
        out.error = QStringLiteral("t800x: not a T800x frame");
        return;
    }
    const char family = frame[0];
    const quint8 type = static_cast<quint8>(frame[2]);
    const quint16 index = quint16(quint8(frame[5]) << 8 | quint8(frame[6]));
    QString id = QString::fromLatin1(frame.sliced(7, 8).toByteArray().toHex()).mid(1);
    if (!std::all_of(id.begin(), id.end(), [](QChar c) { return c.isDigit(); })) {
        out.error = QStringLiteral("t800x: bad IMEI");
        return;
    }
    Reader r(frame.sliced(kHeader));
    const bool report = type == 0x02 || type == 0x04 || type == 0x13 || type == 0x14;
    if (type != 0x02 && type != 0x13 && type != 0x04 && type != 0x14)
        out.reply = acknowledgement(frame);
    DecodedMessage &m = newMessage(id, ctx, out);
    if (report) {
        decodeReport(r, family, type, index, ctx.model, m);
        if ((type == 0x04 || type == 0x14) && frame.size() > kHeader)
            out.reply = acknowledgement(frame, m.position.attributes.contains(attr::alarm) ? 1 : 0);
        if (r.isShort() && !m.hasLocation) {
            out.messages.removeLast();
            out.error = QStringLiteral("t800x: report shorter than its fields");
        }
        return;
    }
    Attributes &a = m.position.attributes;
    m.type = MessageType::Status;
    if (family == '&' && (type == 0x05 || type == 0x06)) {
        // Driving behaviour: event, date, [status, acceleration], fix, rpm.
        const int event = static_cast<int>(r.be(1));
        const QString name = event == 0 || event == 4 || (event == 2 && type == 0x05)
            ? alarm::hardBraking
            : event == 1 || event == 3 || event == 5 ? alarm::hardAcceleration
            : event == 2                             ? alarm::hardCornering
                                                     : QString();
        m.position.deviceTime = readDate(r);
        m.position.valid = true;
        if (type == 0x06) {
            m.position.valid = (r.be(1) & 0x80) == 0;
            r.skip(5);
        }
        readFix(r, m);
        m.type = MessageType::Position;
        if (!name.isEmpty()) {
            a.set(attr::alarm, name);
            m.type = MessageType::Event;
            m.text = QStringLiteral("alarm ") + name;
        }
        if (m.position.deviceTime == kNoTime)
            m.position.deviceTime = ctx.now;
        return;
    }
    if ((family == '\'' && type == 0x05) || (family == '%' && type == 0x11)) {
        // Network: date, operator (UTF-16LE), technology, band, IMSI, ICCID (ASCII).
        readDate(r);
        a.set(QStringLiteral("operator"), utf16le(r.take(r.be(1))));
        a.set(QStringLiteral("networkTechnology"), QString::fromLatin1(r.take(r.be(1))));
        a.set(QStringLiteral("networkBand"), QString::fromLatin1(r.take(r.be(1))));
        r.take(r.be(1)); // IMSI
        const QString iccid = QString::fromLatin1(r.take(r.be(1)));
        if (!iccid.isEmpty())
            a.set(QStringLiteral("iccid"), iccid);
        return;
    }
    if (type == 0x10) {
        // BLE tags: date and ignition; the tag records are not kept yet.
        readDate(r);
        a.set(attr::ignition, r.be(1) > 0);
        return;
    }
    if (type == 0x81) {
        r.skip(1); // protocol number
        m.type = MessageType::CommandResult;
        m.text = utf16le(r.rest());
        a.set(attr::result, m.text);
        return;
    }
    m.type = type == 0x01 ? MessageType::Login : MessageType::Heartbeat;
}

} // namespace fw
