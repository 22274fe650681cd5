#include "MeitrackDecoder.h"

#include "ByteReader.h"
#include "domain/Network.h"

#include <QDateTime>
#include <QStringList>

namespace fw {

namespace {

const QString kName = QStringLiteral("meitrack");
constexpr TimeMs kEpoch2000 = 946684800000LL; // 2000-01-01T00:00:00Z

void setError(DecodeResult &out, const QString &what)
{
    out.error = QStringLiteral("meitrack: ") + what;
}

QString alarmOfEvent(int event)
{
    switch (event) {
    case 1: return alarm::sos;
    case 17: return alarm::lowBattery;
    case 18: return alarm::lowPower;
    case 19: return alarm::overspeed;
    case 20: return alarm::geofenceEnter;
    case 21: return alarm::geofenceExit;
    case 22: return QStringLiteral("powerRestored");
    case 23: return alarm::powerCut;
    case 36: return QStringLiteral("tow");
    case 44: return QStringLiteral("jamming");
    case 78: return alarm::accident;
    case 90:
    case 91: return QStringLiteral("hardCornering");
    case 129: return QStringLiteral("hardBraking");
    case 130: return QStringLiteral("hardAcceleration");
    case 135: return QStringLiteral("fatigueDriving");
    default: return {};
    }
}

DecodedMessage makeMessage(const QString &id, const DecodeContext &ctx)
{
    DecodedMessage m;
    m.position.uniqueId = id;
    m.position.protocol = kName;
    m.position.serverTime = ctx.now;
    m.position.deviceTime = ctx.now;
    return m;
}

void finishEvent(DecodedMessage &m, int event)
{
    m.position.attributes.set(attr::event, event);
    const QString a = alarmOfEvent(event);
    if (!a.isEmpty()) {
        m.position.attributes.set(attr::alarm, a);
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm ") + a;
    }
}

// The text report after "AAA," (or "AFF,"): see the header for the fields.
bool decodeText(const QStringList &f, const QString &id, const DecodeContext &ctx,
                DecodeResult &out)
{
    if (f.size() < 16)
        return false;
    DecodedMessage m = makeMessage(id, ctx);
    Position &p = m.position;
    Attributes &a = p.attributes;
    bool ok1 = false, ok2 = false;
    p.latitude = f[1].toDouble(&ok1);
    p.longitude = f[2].toDouble(&ok2);
    if (!ok1 || !ok2 || std::abs(p.latitude) > 90 || std::abs(p.longitude) > 180)
        return false;
    const QDateTime t = QDateTime::fromString(f[3], QStringLiteral("yyMMddHHmmss"));
    if (!t.isValid())
        return false;
    p.deviceTime = QDateTime(t.date().addYears(100), t.time(), Qt::UTC).toMSecsSinceEpoch();
    p.valid = f[4] == u"A";
    m.hasLocation = true;
    p.satellites = f[5].toInt();
    a.set(QStringLiteral("sat"), p.satellites);
    a.set(attr::rssi, f[6].toInt());
    p.speedKph = f[7].toDouble();
    p.course = f[8].toDouble();
    a.set(attr::hdop, f[9].toDouble());
    p.altitude = f[10].toDouble();
    a.set(attr::odometer, f[11].toLongLong());
    a.set(QStringLiteral("runtime"), f[12]);
    const QStringList cell = f[13].split(u'|');
    if (cell.size() == 4) {
        bool ok[4] = {};
        const int mcc = cell[0].toInt(&ok[0]);
        const int mnc = cell[1].toInt(&ok[1]);
        const qint64 lac = cell[2].toLongLong(&ok[2], 16);
        const qint64 cid = cell[3].toLongLong(&ok[3], 16);
        if (ok[0] && ok[1] && ok[2] && ok[3] && mcc > 0) {
            Network n;
            n.radioType = QStringLiteral("gsm");
            n.addCell(mcc, mnc, lac, cid);
            n.storeIn(a);
        }
    }
    if (f[14].size() == 4) {
        a.set(QStringLiteral("input"), f[14].left(2).toInt(nullptr, 16));
        a.set(QStringLiteral("output"), f[14].mid(2).toInt(nullptr, 16));
    }
    const QStringList analog = f[15].split(u'|');
    if (analog.size() == 5) {
        if (analog[0].contains(u'.')) {
            // battery|power|rtc|mcu|gps volts
            a.set(attr::battery, analog[0].toDouble());
            a.set(attr::power, analog[1].toDouble());
        } else {
            // adc1|adc2|adc3|battery|power, hex, in hundredths of a volt
            for (int i = 0; i < 3; ++i) {
                if (!analog[i].isEmpty())
                    a.set(QStringLiteral("adc%1").arg(i + 1), analog[i].toInt(nullptr, 16));
            }
            if (!analog[3].isEmpty())
                a.set(attr::battery, analog[3].toInt(nullptr, 16) / 100.0);
            if (!analog[4].isEmpty())
                a.set(attr::power, analog[4].toInt(nullptr, 16) / 100.0);
        }
    }
    finishEvent(m, f[0].toInt());
    out.messages.append(std::move(m));
    return true;
}

// CCE: remaining cache (4), count (2), then per record: length (2), index (2), and four
// groups (1-, 2-, 4-byte and length-prefixed values) of "count, (id, value)...", where an id
// starting with 0xFE takes two bytes.
bool decodeCce(ByteReader &r, const QString &id, const DecodeContext &ctx, DecodeResult &out)
{
    r.u32le();
    const int count = r.u16le();
    for (int i = 0; i < count && !r.overrun() && r.remaining() > 0; ++i) {
        const int length = r.u16le();
        if (r.overrun() || length > r.remaining())
            return false;
        ByteReader rec(r.bytes(length));
        rec.u16le(); // index
        DecodedMessage m = makeMessage(id, ctx);
        Position &p = m.position;
        Attributes &a = p.attributes;
        int event = -1;
        Network network;
        const auto readId = [&rec]() {
            const int first = rec.u8();
            return first == 0xFE ? (first << 8) | rec.u8() : first;
        };
        for (int group = 0; group < 4 && !rec.overrun(); ++group) {
            const int params = rec.u8();
            for (int j = 0; j < params && !rec.overrun(); ++j) {
                const int pid = readId();
                if (group == 0) {
                    const int v = rec.u8();
                    switch (pid) {
                    case 0x01: event = v; break;
                    case 0x05: p.valid = v > 0; break;
                    case 0x06: p.satellites = v; a.set(QStringLiteral("sat"), v); break;
                    case 0x07: a.set(attr::rssi, v); break;
                    case 0x14: a.set(QStringLiteral("output"), v); break;
                    case 0x15: a.set(QStringLiteral("input"), v); break;
                    case 0x47:
                        if (v > 0)
                            a.set(QStringLiteral("lock"), v == 2);
                        break;
                    case 0x97: a.set(QStringLiteral("throttle"), v); break;
                    case 0x9D: a.set(QStringLiteral("fuel"), v); break;
                    case 0xFE69: a.set(attr::batteryLevel, v); break;
                    default: break;
                    }
                } else if (group == 1) {
                    const int v = rec.u16le();
                    switch (pid) {
                    case 0x08: p.speedKph = v; break;
                    case 0x09: p.course = v; break;
                    case 0x0A: a.set(attr::hdop, v); break;
                    case 0x0B: p.altitude = static_cast<qint16>(v); break;
                    case 0x16: a.set(QStringLiteral("adc1"), v / 100.0); break;
                    case 0x17: a.set(QStringLiteral("adc2"), v / 100.0); break;
                    case 0x19: a.set(attr::battery, v / 100.0); break;
                    case 0x1A: a.set(attr::power, v / 100.0); break;
                    case 0x29: a.set(QStringLiteral("fuel"), v / 100.0); break;
                    case 0x40: event = v; break;
                    case 0x91:
                    case 0x92: a.set(QStringLiteral("obdSpeed"), v); break;
                    case 0x98: a.set(QStringLiteral("fuelUsed"), v); break;
                    case 0x99: a.set(QStringLiteral("rpm"), v); break;
                    case 0x9C: a.set(QStringLiteral("coolantTemp"), v); break;
                    case 0x9F: a.set(QStringLiteral("temp1"), v); break;
                    case 0xC9: a.set(QStringLiteral("fuelConsumption"), v); break;
                    default: break;
                    }
                } else if (group == 2) {
                    const quint32 v = rec.u32le();
                    switch (pid) {
                    case 0x02:
                        p.latitude = static_cast<qint32>(v) / 1e6;
                        m.hasLocation = true;
                        break;
                    case 0x03:
                        p.longitude = static_cast<qint32>(v) / 1e6;
                        m.hasLocation = true;
                        break;
                    case 0x04: p.deviceTime = kEpoch2000 + qint64(v) * 1000; break;
                    case 0x0C: a.set(attr::odometer, qint64(v)); break;
                    case 0x0D: a.set(QStringLiteral("runtime"), qint64(v)); break;
                    case 0x25: a.set(QStringLiteral("driverUniqueId"), QString::number(v)); break;
                    case 0x9B: a.set(QStringLiteral("obdOdometer"), qint64(v)); break;
                    case 0xA0: a.set(QStringLiteral("fuelUsed"), v / 1000.0); break;
                    case 0xA2: a.set(QStringLiteral("fuelConsumption"), v / 100.0); break;
                    case 0xFEF4: a.set(QStringLiteral("hours"), qint64(v) * 60000); break;
                    default: break;
                    }
                } else {
                    const int len = rec.u8();
                    ByteReader val(rec.bytes(len));
                    if (pid == 0x0E || pid == 0x0F || pid == 0x10 || pid == 0x12 || pid == 0x13) {
                        // cell: mcc, mnc, lac, cid, signal
                        const int mcc = val.u16le();
                        const int mnc = val.u16le();
                        const int lac = val.u16le();
                        const qint64 cid = val.u32le();
                        const int signal = static_cast<qint16>(val.u16le());
                        if (!val.overrun() && mcc > 0)
                            network.addCell(mcc, mnc, lac, cid, signal);
                    } else if (pid >= 0x2A && pid <= 0x31 && len >= 3) {
                        val.u8(); // sensor label
                        a.set(QStringLiteral("temp%1").arg(pid - 0x2A),
                              static_cast<qint16>(val.u16le()) / 100.0);
                    } else if (pid >= 0x1D && pid <= 0x25 && len >= 8) {
                        // Wi-Fi: MAC, signal
                        const QByteArray mac = val.bytes(6).toByteArray().toHex();
                        network.addWifi(QString::fromLatin1(mac),
                                        static_cast<qint16>(val.u16le()));
                    } else if (pid == 0xFE31 && len >= 2) {
                        const int alarmProtocol = val.u8();
                        a.set(QStringLiteral("alarmType"), static_cast<int>(val.u8()));
                        if (alarmProtocol == 0x02 && len > 3) {
                            // A camera file named yyyyMMdd...: kept as "yyyy-MM-dd/<file>"
                            const QString file = QString::fromLatin1(val.bytes(len - 2));
                            const QString day = file.left(8);
                            a.set(QStringLiteral("image"),
                                  QString(day.left(4) + u'-' + day.mid(4, 2) + u'-' + day.mid(6, 2)
                                          + u'/' + file));
                        }
                    } else if (pid == 0xFE73 && len >= 2) {
                        val.u8(); // version
                        const int nameLength = val.u8();
                        a.set(QStringLiteral("tagName"),
                              QString::fromLatin1(val.bytes(nameLength)));
                        val.skip(6); // tag id
                        a.set(QStringLiteral("tagBattery"), static_cast<int>(val.u8()));
                        a.set(QStringLiteral("tagTemp"),
                              static_cast<qint16>(val.u16le()) / 256.0);
                        a.set(QStringLiteral("tagHumidity"),
                              static_cast<qint16>(val.u16le()) / 256.0);
                    } else if (pid == 0xFEA8) {
                        // Three batteries: present flag and level each, then an alert byte.
                        for (int k = 1; k <= 3 && val.remaining() >= 2; ++k) {
                            const bool present = val.u8() > 0;
                            const int level = val.u8();
                            if (present)
                                a.set(k == 1 ? attr::batteryLevel
                                             : QStringLiteral("battery%1Level").arg(k),
                                      level);
                        }
                    }
                }
            }
        }
        if (!network.isEmpty()) {
            network.radioType = QStringLiteral("gsm");
            network.storeIn(a);
        }
        if (event >= 0)
            finishEvent(m, event);
        out.messages.append(std::move(m));
    }
    return !r.overrun();
}

// CCC: the older batch: 8 header bytes (version, cache, ...), then 52-byte records.
bool decodeCcc(ByteReader &r, const QString &id, const DecodeContext &ctx, DecodeResult &out)
{
    r.skip(8);
    while (!r.overrun() && r.remaining() >= 52) {
        DecodedMessage m = makeMessage(id, ctx);
        Position &p = m.position;
        Attributes &a = p.attributes;
        const int event = r.u8();
        p.latitude = static_cast<qint32>(r.u32le()) / 1e6;
        p.longitude = static_cast<qint32>(r.u32le()) / 1e6;
        p.deviceTime = kEpoch2000 + qint64(r.u32le()) * 1000;
        p.valid = r.u8() == 1;
        p.satellites = r.u8();
        a.set(attr::rssi, static_cast<int>(r.u8()));
        p.speedKph = r.u16le();
        p.course = r.u16le();
        a.set(attr::hdop, r.u16le() / 10.0);
        p.altitude = r.u16le();
        a.set(attr::odometer, static_cast<qint64>(r.u32le()));
        a.set(QStringLiteral("runtime"), static_cast<qint64>(r.u32le()));
        Network n;
        const int mcc = r.u16le(), mnc = r.u16le(), lac = r.u16le(), cid = r.u16le();
        if (mcc > 0) {
            n.radioType = QStringLiteral("gsm");
            n.addCell(mcc, mnc, lac, cid);
            n.storeIn(a);
        }
        a.set(attr::status, static_cast<int>(r.u16le()));
        a.set(QStringLiteral("adc1"), static_cast<int>(r.u16le()));
        a.set(attr::battery, r.u16le() / 100.0);
        a.set(attr::power, static_cast<int>(r.u16le()));
        r.u32le(); // geofence
        if (r.overrun())
            return false;
        m.hasLocation = true;
        finishEvent(m, event);
        out.messages.append(std::move(m));
    }
    return !r.overrun();
}

} // namespace

QByteArray MeitrackDecoder::checksum(QByteArrayView text)
{
    quint8 sum = 0;
    for (const char c : text)
        sum = static_cast<quint8>(sum + static_cast<quint8>(c));
    return QByteArray::number(sum, 16).toUpper().rightJustified(2, '0');
}

const ProtocolInfo &MeitrackDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Meitrack"), 5020, true, false, false,
        false, 65536 };
    return info;
}

FrameCut MeitrackDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    if (s[0] == '\r' || s[0] == '\n')
        return FrameCut::skip(1);
    if (s[0] != '$') {
        const qsizetype next = s.indexOf("$$");
        return FrameCut::garbage(next < 0 ? std::max<qsizetype>(1, n - 1) : next);
    }
    if (n < 2)
        return FrameCut::needMore();
    if (s[1] != '$')
        return FrameCut::garbage(1);
    // $$, flag, decimal length, comma
    qsizetype i = 3;
    qint64 length = 0;
    while (i < n && i < 10 && s[i] >= '0' && s[i] <= '9')
        length = length * 10 + (s[i++] - '0');
    if (i >= n)
        return FrameCut::needMore();
    if (i == 3 || s[i] != ',' || length < 5)
        return FrameCut::garbage(2);
    const qint64 total = i + length;
    if (total > protocolInfo().maxFrameSize)
        return FrameCut::garbage(2);
    return n >= total ? FrameCut::frame(total) : FrameCut::needMore();
}

void MeitrackDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    const qsizetype c1 = frame.indexOf(',');
    const qsizetype c2 = c1 < 0 ? -1 : frame.indexOf(',', c1 + 1);
    if (!frame.startsWith("$$") || c1 < 0 || c2 < 0 || frame.size() < c2 + 4) {
        setError(out, QStringLiteral("not a $$ packet"));
        return;
    }
    const QString id = QString::fromLatin1(frame.sliced(c1 + 1, c2 - c1 - 1));
    if (id.isEmpty() || id.size() > 20
        || !std::all_of(id.begin(), id.end(), [](QChar c) { return c.isDigit(); })) {
        setError(out, QStringLiteral("bad device id"));
        return;
    }
    const QByteArrayView type = frame.sliced(c2 + 1, 3);
    if (ctx.uniqueId != id) {
        ctx.uniqueId = id;
        DecodedMessage &login = out.messages.emplaceBack(makeMessage(id, ctx));
        login.type = MessageType::Login;
    }
    // The payload: after "TYPE," up to "*hh" (and CR LF).
    qsizetype end = frame.size();
    while (end > 0 && (frame[end - 1] == '\n' || frame[end - 1] == '\r'))
        --end;
    if (end >= 3 && frame[end - 3] == '*')
        end -= 3;
    const qsizetype start = std::min(end, c2 + 5);
    const QByteArrayView body = frame.sliced(start, end - start);

    if (type == "AAC") {
        const QByteArray reply = "@@z27," + id.toLatin1() + ",AAC,1*";
        out.reply = reply + checksum(reply) + "\r\n";
        return;
    }
    if (type == "D82") {
        DecodedMessage &m = out.messages.emplaceBack(makeMessage(id, ctx));
        m.type = MessageType::CommandResult;
        m.text = QString::fromLatin1(frame.sliced(c2 + 1, end - c2 - 1));
        m.position.attributes.set(attr::result, m.text);
        return;
    }
    if (type == "D00" || type == "D03")
        return; // photo transfer: accepted, not kept
    if (type == "CCE" || type == "CCC") {
        ByteReader r(body);
        const qsizetype before = out.messages.size();
        const bool ok = type == "CCE" ? decodeCce(r, id, ctx, out) : decodeCcc(r, id, ctx, out);
        if (!ok) {
            setError(out, QStringLiteral("truncated %1 batch").arg(QLatin1String(type)));
            return;
        }
        if (type == "CCC") {
            // The device waits for the number of records received.
            const QByteArray tail = ',' + id.toLatin1() + ",CCC,"
                + QByteArray::number(out.messages.size() - before) + '*';
            const QByteArray head = "@@" + frame.sliced(2, 1).toByteArray()
                + QByteArray::number(tail.size() + 4);
            const QByteArray text = head + tail;
            out.reply = text + checksum(text) + "\r\n";
            out.replyAcknowledgesData = true;
        }
        return;
    }
    // Text reports: AAA, and AFF with one more field in front of the event.
    QStringList f = QString::fromLatin1(body).split(u',');
    if (type == "AFF" && !f.isEmpty())
        f.removeFirst();
    if (!decodeText(f, id, ctx, out))
        setError(out, QStringLiteral("unreadable %1 report").arg(QLatin1String(type)));
}

} // namespace fw
