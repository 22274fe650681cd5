#include "Tlt2hDecoder.h"

#include "domain/Network.h"

#include <QDateTime>
#include <QStringList>

namespace fw {

namespace {

const QString kName = QStringLiteral("tlt2h");

void setError(DecodeResult &out, const QString &what)
{
    out.error = QStringLiteral("tlt2h: ") + what;
}

bool allDigits(QStringView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return c.isDigit(); });
}

bool coordinate(const QString &value, const QString &hemisphere, bool latitude, double &out)
{
    const qsizetype dot = value.indexOf(u'.');
    const qsizetype intDigits = dot < 0 ? value.size() : dot;
    if (intDigits < 2)
        return false;
    bool ok1 = false, ok2 = true;
    const double minutes = value.mid(intDigits - 2).toDouble(&ok1);
    const int degrees = intDigits > 2 ? value.left(intDigits - 2).toInt(&ok2) : 0;
    // Some firmwares send minutes of 60 or more; read them as sent if the result is on the globe.
    if (!ok1 || !ok2 || minutes < 0 || minutes >= 100)
        return false;
    out = degrees + minutes / 60.0;
    if (out > (latitude ? 90.0 : 180.0))
        return false;
    if (hemisphere == u"S" || hemisphere == u"W")
        out = -out;
    return true;
}

TimeMs timeOf(const QString &hhmmss, const QString &ddmmyy)
{
    const QTime t = QTime::fromString(hhmmss.left(6), QStringLiteral("HHmmss"));
    const QDate d = QDate::fromString(ddmmyy, QStringLiteral("ddMMyy")).addYears(100);
    if (!t.isValid() || !d.isValid())
        return kNoTime;
    return QDateTime(d, t, Qt::UTC).toMSecsSinceEpoch();
}

void applyStatus(const QString &status, DecodedMessage &m)
{
    Attributes &a = m.position.attributes;
    if (status == u"AUTO" || status == u"AUTOSTART") {
        a.set(attr::ignition, true);
        return;
    }
    if (status == u"AUTOSTOP" || status == u"AUTOLOW") {
        a.set(attr::ignition, false);
        return;
    }
    static const struct
    {
        const char16_t *status;
        const char *alarm;
    } kAlarms[] = {
        { u"TOWED", "tow" },           { u"SHAKE", "vibration" },    { u"SOS", "sos" },
        { u"DEF", "powerCut" },        { u"BLP", "lowBattery" },     { u"CLP", "lowPower" },
        { u"OS", "geofenceExit" },     { u"RS", "geofenceEnter" },   { u"OVERSPEED", "overspeed" },
    };
    for (const auto &e : kAlarms) {
        if (status == QStringView(e.status)) {
            a.set(attr::alarm, QString::fromLatin1(e.alarm));
            m.type = MessageType::Event;
            m.text = QStringLiteral("alarm ") + QString::fromLatin1(e.alarm);
            return;
        }
    }
}

struct Header
{
    QString id;
    QString status;
    QList<QPair<QString, QVariant>> values; // from the longer MT600 header
};

bool parseHeader(const QString &line, Header &h)
{
    if (!line.startsWith(u'#'))
        return false;
    const QStringList f = line.mid(1).split(u'#');
    // id, model, password, [door, fuel, power, battery, temperature,] status, count
    if (f.size() < 5 || !allDigits(f[0]) || f[0].size() > 20 || !allDigits(f.last()))
        return false;
    h.id = f[0];
    h.status = f[f.size() - 2];
    if (f.size() >= 10 && allDigits(f[3]) && allDigits(f[4]) && allDigits(f[5])
        && allDigits(f[6]) && allDigits(f[7])) {
        h.values.append({ QStringLiteral("door"), QVariant(f[3] == u"1") });
        h.values.append({ QStringLiteral("adc1"), QVariant(f[4].toInt() / 10.0) });
        h.values.append({ attr::power, QVariant(f[5].toInt() / 10.0) });
        h.values.append({ attr::battery, QVariant(f[6].toInt() / 10.0) });
        h.values.append({ QStringLiteral("temp1"), QVariant(f[7].toInt() / 10.0) });
    }
    return true;
}

// "#VOLTAGE[#MCC,MNC,LAC,CID]" in front of the sentence.
void readPrefix(const QString &prefix, Attributes &a, Network &n)
{
    const QStringList parts = prefix.mid(1).split(u'#', Qt::SkipEmptyParts);
    if (!parts.isEmpty() && allDigits(parts[0]) && (parts[0].size() == 2 || parts[0].size() == 4)) {
        const int v = parts[0].toInt();
        a.set(attr::battery, v > 100 ? v / 1000.0 : v / 10.0);
    }
    for (const QString &part : parts) {
        const QStringList c = part.split(u',');
        if (c.size() != 4)
            continue;
        bool ok[4] = {};
        const int mcc = c[0].toInt(&ok[0]);
        const int mnc = c[1].toInt(&ok[1]);
        const qint64 lac = c[2].toLongLong(&ok[2], 16);
        const qint64 cid = c[3].toLongLong(&ok[3], 16);
        if (ok[0] && ok[1] && ok[2] && ok[3]) {
            n.radioType = QStringLiteral("gsm");
            n.addCell(mcc, mnc, lac, cid);
        }
    }
}

// One record line; false when it is not one (it is then left out).
bool decodeRecord(const QString &line, const Header &h, DecodeContext &ctx, DecodeResult &out)
{
    const qsizetype dollar = line.indexOf(u'$');
    if (!line.startsWith(u'#') || dollar < 0)
        return false;
    DecodedMessage m;
    Position &p = m.position;
    p.uniqueId = h.id;
    p.protocol = kName;
    p.serverTime = ctx.now;
    p.deviceTime = ctx.now;
    Network network;
    readPrefix(line.left(dollar), p.attributes, network);
    const qsizetype star = line.indexOf(u'*', dollar);
    const QStringList f = line.mid(dollar + 1, star < 0 ? -1 : star - dollar - 1).split(u',');
    if (f.first() == u"GPRMC") {
        if (f.size() < 10)
            return false;
        p.valid = f[2] == u"A";
        if (!f[3].isEmpty() && !f[5].isEmpty()) {
            if (!coordinate(f[3], f[4], true, p.latitude)
                || !coordinate(f[5], f[6], false, p.longitude))
                return false;
            m.hasLocation = true;
            p.speedKph = f[7].toDouble() * kKnotsToKph;
            p.course = f[8].toDouble();
            const TimeMs t = timeOf(f[1], f[9]);
            if (t != kNoTime)
                p.deviceTime = t;
        }
    } else if (f.first() == u"WIFI") {
        // WIFI, time, validity, (rssi, MAC)..., DDMMYY
        if (f.size() < 4)
            return false;
        const TimeMs t = timeOf(f[1], f.last());
        if (t != kNoTime)
            p.deviceTime = t;
        for (qsizetype i = 3; i + 1 < f.size() - 1; i += 2) {
            if (!f[i + 1].isEmpty())
                network.addWifi(f[i + 1], f[i].toInt());
        }
    } else {
        return false;
    }
    network.storeIn(p.attributes);
    for (const auto &[key, value] : h.values)
        p.attributes.set(key, value);
    applyStatus(h.status, m);
    if (!m.hasLocation && network.isEmpty() && m.type != MessageType::Event) {
        m.type = MessageType::Heartbeat; // no fix and nothing to place it by
        m.text = QStringLiteral("no fix");
    }
    out.messages.append(std::move(m));
    return true;
}

} // namespace

const ProtocolInfo &Tlt2hDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("TLT-2H / MT600 / V500"), 5030, true,
        false, false, true, 8192 };
    return info;
}

FrameCut Tlt2hDecoder::cutFrame(QByteArrayView s) const
{
    const qsizetype n = s.size();
    if (n == 0)
        return FrameCut::needMore();
    if (s[0] == '\r' || s[0] == '\n') {
        qsizetype i = 1;
        while (i < n && (s[i] == '\r' || s[i] == '\n'))
            ++i;
        return FrameCut::skip(i);
    }
    if (s[0] != '#') {
        const qsizetype next = s.indexOf('#');
        return FrameCut::garbage(next < 0 ? n : next);
    }
    // Up to the closing "##" line (the header may hold "##" itself: an empty model name).
    const qsizetype max = protocolInfo().maxFrameSize;
    const QByteArrayView window = s.first(std::min(n, max));
    const qsizetype end = window.indexOf("\n##\r\n");
    if (end >= 0)
        return FrameCut::frame(end + 5);
    return n >= max ? FrameCut::garbage(1) : FrameCut::needMore();
}

void Tlt2hDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    for (const char c : frame) {
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') {
            setError(out, QStringLiteral("binary byte in a text frame"));
            return;
        }
    }
    QString text = QString::fromLatin1(frame).trimmed();
    if (text.endsWith(QLatin1String("##")))
        text.chop(2);
    const QStringList lines = text.split(QLatin1String("\r\n"), Qt::SkipEmptyParts);
    Header h;
    if (lines.isEmpty() || !parseHeader(lines.first().trimmed(), h)) {
        // A header broken over two lines ("#IMEI#\r\n#0000#..."), as some firmwares send
        // after a restart, is skipped quietly; anything else is not this protocol.
        const QString first = lines.isEmpty() ? QString() : lines.first().trimmed();
        const qsizetype second = first.indexOf(u'#', 1);
        const bool brokenHeader = first.startsWith(u'#') && second > 1
            && allDigits(QStringView(first).sliced(1, second - 1));
        if (!brokenHeader)
            setError(out, QStringLiteral("no #IMEI#...#STATUS#COUNT header"));
        return;
    }
    if (ctx.uniqueId != h.id) {
        ctx.uniqueId = h.id;
        DecodedMessage &login = out.messages.emplaceBack();
        login.type = MessageType::Login;
        login.position.uniqueId = h.id;
        login.position.protocol = kName;
    }
    for (qsizetype i = 1; i < lines.size(); ++i)
        decodeRecord(lines[i].trimmed(), h, ctx, out);
}

} // namespace fw
