#include "EelinkDecoder.h"

#include "ByteReader.h"
#include "domain/Network.h"

#include <QDateTime>
#include <QRegularExpression>

namespace fw {

namespace {

const QString kName = QStringLiteral("eelink");

enum : quint8 {
    kLogin = 0x01,
    kGps = 0x02,
    kHeartbeat = 0x03,
    kAlarm = 0x04,
    kState = 0x05,
    kSms = 0x06,
    kObd = 0x07,
    kNormal = 0x12,
    kWarning = 0x14,
    kReport = 0x15,
    kObdCode = 0x19,
    kDownlink = 0x80,
    kData = 0x81,
};

void setError(DecodeResult &out, const QString &what)
{
    out.error = QStringLiteral("eelink: ") + what;
}

QString alarmOf(int code)
{
    switch (code) {
    case 0x01: return QStringLiteral("powerOff");
    case 0x02: return alarm::sos;
    case 0x03: return alarm::lowBattery;
    case 0x04: return alarm::vibration;
    case 0x08:
    case 0x09: return QStringLiteral("gpsAntennaCut");
    case 0x25: return alarm::removing;
    case 0x81: return QStringLiteral("lowspeed");
    case 0x82: return alarm::overspeed;
    case 0x83: return alarm::geofenceEnter;
    case 0x84: return alarm::geofenceExit;
    case 0x85: return alarm::accident;
    case 0x86: return alarm::fallDown;
    default: return {};
    }
}

// The IMEI as 8 BCD bytes with a leading pad nibble.
QString imeiOf(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex()).mid(1);
}

void addAlarm(DecodedMessage &m, int code)
{
    const QString a = alarmOf(code);
    if (a.isEmpty())
        return;
    m.position.attributes.set(attr::alarm, a);
    m.type = MessageType::Event;
    m.text = QStringLiteral("alarm ") + a;
}

// The status word of old firmware, heartbeats and status packets.
void decodeStatus(Attributes &a, int status)
{
    if (status & (1 << 1))
        a.set(attr::ignition, (status & (1 << 2)) != 0);
    if (status & (1 << 3))
        a.set(QStringLiteral("armed"), (status & (1 << 4)) != 0);
    if (status & (1 << 5))
        a.set(QStringLiteral("blocked"), (status & (1 << 6)) == 0);
    if (status & (1 << 7))
        a.set(attr::charge, (status & (1 << 8)) != 0);
    a.set(attr::status, status);
}

void readFix(ByteReader &r, Position &p, bool wideSpeed)
{
    p.latitude = static_cast<qint32>(r.u32()) / 1800000.0;
    p.longitude = static_cast<qint32>(r.u32()) / 1800000.0;
    if (wideSpeed) {
        p.altitude = static_cast<qint16>(r.u16());
        p.speedKph = r.u16();
    } else {
        p.speedKph = r.u8();
    }
    p.course = r.u16();
}

void decodeOld(ByteReader &r, quint8 type, DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    p.deviceTime = qint64(r.u32()) * 1000;
    readFix(r, p, false);
    m.hasLocation = true;
    Network n;
    const int mcc = r.u16(), mnc = r.u16(), lac = r.u16();
    n.addCell(mcc, mnc, lac, r.u24());
    n.radioType = QStringLiteral("gsm");
    n.storeIn(a);
    p.valid = (r.u8() & 0x01) != 0;
    if (type == kGps) {
        if (r.remaining() >= 2)
            decodeStatus(a, r.u16());
        if (r.remaining() >= 8) {
            a.set(attr::battery, r.u16() / 1000.0);
            a.set(attr::rssi, static_cast<int>(r.u16()));
            a.set(QStringLiteral("adc1"), static_cast<int>(r.u16()));
            a.set(QStringLiteral("adc2"), static_cast<int>(r.u16()));
        }
    } else if (type == kAlarm) {
        addAlarm(m, r.u8());
    } else if (type == kState) {
        const int event = r.u8();
        a.set(attr::event, event);
        if ((event == 1 || event == 2 || event == 3) && r.remaining() >= 4) {
            r.u32(); // device time
            if (r.remaining() >= 2)
                decodeStatus(a, r.u16());
        }
    }
}

void decodeNew(ByteReader &r, quint8 type, DecodedMessage &m)
{
    Position &p = m.position;
    Attributes &a = p.attributes;
    p.deviceTime = qint64(r.u32()) * 1000;
    const int flags = r.u8();
    if (flags & 0x01) {
        readFix(r, p, true);
        p.satellites = r.u8();
        a.set(QStringLiteral("sat"), p.satellites);
        m.hasLocation = true;
    }
    Network n;
    int mcc = 0, mnc = 0;
    for (int bit = 1; bit <= 3; ++bit) {
        if (!(flags & (1 << bit)))
            continue;
        if (bit == 1) {
            mcc = r.u16();
            mnc = r.u16();
        }
        const int lac = r.u16();
        const qint64 cid = r.u32();
        n.addCell(mcc, mnc, lac, cid, r.u8());
    }
    for (int bit = 4; bit <= 6; ++bit) {
        if (!(flags & (1 << bit)))
            continue;
        const QByteArray mac = r.bytes(6).toByteArray().toHex();
        n.addWifi(QString::fromLatin1(mac), -static_cast<int>(r.u8()));
    }
    if (flags & 0x80) {
        r.u8(); // radio access technology
        const int count = r.u8();
        int lac = 0;
        if (count > 0) {
            mcc = r.u16();
            mnc = r.u16();
            lac = r.u16();
            r.skip(2 + 4 + 2); // TAC, cell id, timing advance
        }
        for (int i = 0; i < count && !r.overrun(); ++i) {
            const int physicalCell = r.u16();
            r.u16(); // E-ARFCN
            n.addCell(mcc, mnc, lac, physicalCell, r.u8());
        }
    }
    if (!n.cellTowers.isEmpty())
        n.radioType = QStringLiteral("gsm");
    n.storeIn(a);
    if (type == kWarning)
        addAlarm(m, r.u8());
    else if (type == kReport)
        r.u8(); // report type
    if (type == kNormal || type == kWarning || type == kReport) {
        const int status = r.u16();
        p.valid = (status & 0x01) != 0;
        if (status & (1 << 1))
            a.set(attr::ignition, (status & (1 << 2)) != 0);
        if (status & (1 << 3)) {
            a.set(QStringLiteral("armed"), (status & (1 << 4)) != 0);
            a.set(attr::motion, (status & (1 << 9)) != 0);
        }
        if (status & (1 << 5))
            a.set(QStringLiteral("blocked"), (status & (1 << 6)) != 0);
        if (status & (1 << 7))
            a.set(attr::charge, (status & (1 << 8)) != 0);
        a.set(QStringLiteral("gps"), (status & (1 << 10)) != 0);
        a.set(attr::status, status);
    }
    if (type != kNormal)
        return;
    if (r.remaining() >= 2)
        a.set(attr::battery, r.u16() / 1000.0);
    if (r.remaining() >= 4) {
        a.set(QStringLiteral("adc0"), static_cast<int>(r.u16()));
        a.set(QStringLiteral("adc1"), static_cast<int>(r.u16()));
    }
    if (r.remaining() >= 4)
        a.set(attr::odometer, static_cast<qint64>(r.u32()));
    if (r.remaining() >= 4)
        r.skip(4); // GSM and GPS counters
    if (r.remaining() >= 4) {
        a.set(QStringLiteral("steps"), static_cast<int>(r.u16()));
        r.u16(); // walking time
    }
    if (r.remaining() >= 12) {
        a.set(QStringLiteral("temp1"), static_cast<qint16>(r.u16()) / 256.0);
        a.set(QStringLiteral("humidity"), r.u16() / 10.0);
        a.set(QStringLiteral("illuminance"), r.u32() / 256.0);
        a.set(QStringLiteral("co2"), static_cast<qint64>(r.u32()));
    }
    if (r.remaining() >= 2)
        a.set(QStringLiteral("temp2"), static_cast<qint16>(r.u16()) / 16.0);
}

// 0x80: a command's answer; when it is a location text ("Lat:N31.8,Lon:W82.6,Course:..,
// Speed:..,DateTime:yyyy-MM-dd hh:mm:ss") it is a position too.
void decodeResult(ByteReader &r, DecodedMessage &m)
{
    r.u8(); // type
    r.u32(); // uid
    const QString text = QString::fromUtf8(r.bytes(r.remaining()));
    static const QRegularExpression re(QStringLiteral(
        "Lat:([NS])(\\d+\\.\\d+).*Lon:([EW])(\\d+\\.\\d+).*Course:(\\d+\\.\\d+).*"
        "Speed:(\\d+\\.\\d+).*Date ?Time:(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch x = re.match(text);
    if (!x.hasMatch()) {
        m.type = MessageType::CommandResult;
        m.text = text;
        m.position.attributes.set(attr::result, text);
        return;
    }
    Position &p = m.position;
    p.valid = true;
    p.latitude = x.captured(2).toDouble() * (x.captured(1) == u"S" ? -1 : 1);
    p.longitude = x.captured(4).toDouble() * (x.captured(3) == u"W" ? -1 : 1);
    p.course = x.captured(5).toDouble();
    p.speedKph = x.captured(6).toDouble();
    QDateTime t = QDateTime::fromString(x.captured(7), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    t.setTimeSpec(Qt::UTC);
    p.deviceTime = t.toMSecsSinceEpoch();
    m.hasLocation = true;
}

} // namespace

const ProtocolInfo &EelinkDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Eelink"), 5064, true, true, false,
        false, 4096 };
    return info;
}

FrameCut EelinkDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n < 2)
        return FrameCut::needMore();
    const bool udp = s[0] == 'E' && s[1] == 'L';
    if (!udp && !(static_cast<quint8>(s[0]) == 0x67 && static_cast<quint8>(s[1]) == 0x67)) {
        qsizetype i = 1;
        while (i + 1 < n && !(quint8(s[i]) == 0x67 && quint8(s[i + 1]) == 0x67))
            ++i;
        return FrameCut::garbage(i);
    }
    if (n < 5)
        return FrameCut::needMore();
    // EL: length from offset 4 on; 6767: type, then length from offset 5 on.
    const qsizetype length = udp ? ((quint8(s[2]) << 8) | quint8(s[3])) + 4
                                 : ((quint8(s[3]) << 8) | quint8(s[4])) + 5;
    if (length > protocolInfo().maxFrameSize)
        return FrameCut::garbage(2);
    return n >= length ? FrameCut::frame(length) : FrameCut::needMore();
}

void EelinkDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    ByteReader r(frame);
    const bool udp = frame.size() >= 14 && frame[0] == 'E' && frame[1] == 'L';
    if (udp) {
        r.skip(6);
        const QString imei = imeiOf(r.bytes(8));
        if (ctx.uniqueId != imei) {
            ctx.uniqueId = imei;
            DecodedMessage &login = out.messages.emplaceBack();
            login.type = MessageType::Login;
            login.position.uniqueId = imei;
            login.position.protocol = kName;
        }
    }
    int packets = 0;
    while (r.remaining() >= 5 && !r.overrun()) {
        if (r.u8() != 0x67 || r.u8() != 0x67) {
            setError(out, QStringLiteral("packet does not start with 6767"));
            return;
        }
        const quint8 type = r.u8();
        const int length = r.u16();
        if (length < 2 || length > r.remaining()) {
            setError(out, QStringLiteral("length %1 past the end of the frame").arg(length));
            return;
        }
        ByteReader p(r.bytes(length));
        const int index = p.u16();
        ++packets;
        if (type != kGps && type != kData && !udp) {
            QByteArray reply("\x67\x67", 2);
            reply.append(char(type));
            QByteArray content;
            if (type == kLogin) {
                const quint32 now = ctx.now == kNoTime ? 0 : quint32(ctx.now / 1000);
                for (int s = 24; s >= 0; s -= 8)
                    content.append(char((now >> s) & 0xff));
                content.append('\0').append('\x01').append('\0'); // protocol 1, no actions
            }
            const int replyLength = content.size() + 2;
            reply.append(char(replyLength >> 8)).append(char(replyLength & 0xff));
            reply.append(char(index >> 8)).append(char(index & 0xff)).append(content);
            out.reply += reply;
        }
        if (type == kLogin) {
            const QString imei = imeiOf(p.bytes(8));
            if (p.overrun()) {
                setError(out, QStringLiteral("short login"));
                return;
            }
            ctx.uniqueId = imei;
            DecodedMessage &login = out.messages.emplaceBack();
            login.type = MessageType::Login;
            login.position.uniqueId = imei;
            login.position.protocol = kName;
            continue;
        }
        DecodedMessage m;
        m.position.uniqueId = ctx.uniqueId;
        m.position.protocol = kName;
        m.position.serverTime = ctx.now;
        m.position.deviceTime = ctx.now;
        m.position.attributes.set(attr::index, index);
        if (type == kGps || type == kAlarm || type == kState || type == kSms) {
            decodeOld(p, type, m);
        } else if (type >= kNormal && type <= kObdCode) {
            decodeNew(p, type, m);
        } else if ((type == kHeartbeat && p.remaining() >= 2)
                   || (type == kObd && p.remaining() == 4)) {
            m.type = MessageType::Heartbeat;
            decodeStatus(m.position.attributes, p.u16());
        } else if (type == kObd && p.remaining() >= 4) {
            m.type = MessageType::Status;
            m.position.deviceTime = qint64(p.u32()) * 1000;
            while (p.remaining() >= 5) {
                const int pid = p.u8();
                const qint32 value = static_cast<qint32>(p.u32());
                if (pid == 0x89)
                    m.position.attributes.set(QStringLiteral("fuelConsumption"), value);
                else if (pid == 0x8a)
                    m.position.attributes.set(attr::odometer, qint64(value) * 1000);
                else if (pid == 0x8b)
                    m.position.attributes.set(QStringLiteral("fuel"), value / 10);
            }
        } else if (type == kDownlink) {
            decodeResult(p, m);
        } else {
            continue; // known to the device, nothing for us
        }
        if (p.overrun()) {
            setError(out, QStringLiteral("packet type 0x%1 ends early")
                              .arg(type, 2, 16, QLatin1Char('0')));
            return;
        }
        if (!m.hasLocation && m.type == MessageType::Position
            && !m.position.attributes.contains(attr::network))
            m.type = MessageType::Status;
        out.messages.append(std::move(m));
    }
    if (packets == 0)
        setError(out, QStringLiteral("no packet in the frame"));
}

} // namespace fw
