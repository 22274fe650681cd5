#include "WialonDecoder.h"

#include "domain/Network.h"

#include <QDateTime>
#include <QStringList>

namespace fw {

namespace {

const QString kName = QStringLiteral("wialon");

void setError(DecodeResult &out, const QString &what)
{
    out.error = QStringLiteral("wialon: ") + what;
}

bool isNa(const QString &s)
{
    return s.isEmpty() || s == u"NA";
}

// "ddmm.mmmm" / "dddmm.mmmm": the last two integer digits are minutes.
bool coordinate(const QString &value, const QString &hemisphere, double &out)
{
    const qsizetype dot = value.indexOf(u'.');
    const qsizetype intDigits = dot < 0 ? value.size() : dot;
    if (intDigits < 2)
        return false;
    bool ok1 = false, ok2 = true;
    const double minutes = value.mid(intDigits - 2).toDouble(&ok1);
    const int degrees = intDigits > 2 ? value.left(intDigits - 2).toInt(&ok2) : 0;
    // Some firmwares write minutes of 60 or more; read them as sent, as long as the result is
    // on the globe.
    if (!ok1 || !ok2 || minutes < 0 || minutes >= 100 || degrees > 180)
        return false;
    out = degrees + minutes / 60.0;
    if (out > ((hemisphere == u"N" || hemisphere == u"S") ? 90.0 : 180.0))
        return false;
    if (hemisphere == u"S" || hemisphere == u"W")
        out = -out;
    return hemisphere == u"N" || hemisphere == u"S" || hemisphere == u"E" || hemisphere == u"W";
}

// A parameter value: a number, true/false, or text.
QVariant paramValue(const QString &text)
{
    bool ok = false;
    const double d = text.toDouble(&ok);
    if (ok)
        return d;
    if (text.compare(u"true", Qt::CaseInsensitive) == 0)
        return true;
    if (text.compare(u"false", Qt::CaseInsensitive) == 0)
        return false;
    return text;
}

void readParams(const QString &field, Attributes &a)
{
    for (const QString &param : field.split(u',', Qt::SkipEmptyParts)) {
        // name:type:value, type 1 integer, 2 double, 3 text
        const qsizetype first = param.indexOf(u':');
        const qsizetype second = first < 0 ? -1 : param.indexOf(u':', first + 1);
        if (second != first + 2 || param[first + 1] < u'1' || param[first + 1] > u'3')
            continue;
        a.set(param.left(first).toLower(), paramValue(param.mid(second + 1)));
    }
    const auto take = [&a](const QString &key) {
        const QVariant v = a.value(key);
        a.remove(key);
        return v;
    };
    if (a.contains(QStringLiteral("bat")))
        a.set(attr::batteryLevel, take(QStringLiteral("bat")).toInt());
    if (a.contains(QStringLiteral("temp")))
        a.set(QStringLiteral("deviceTemp"), take(QStringLiteral("temp")).toInt());
    // mcc/mnc/lac/cell_id, then mcc1.. up to 9: the serving cell and neighbours.
    Network network;
    for (int i = 0; i <= 9; ++i) {
        const QString suffix = i == 0 ? QString() : QString::number(i);
        const QString keys[4] = { QStringLiteral("mcc") + suffix, QStringLiteral("mnc") + suffix,
                                  QStringLiteral("lac") + suffix,
                                  QStringLiteral("cell_id") + suffix };
        if (!std::all_of(std::begin(keys), std::end(keys),
                         [&a](const QString &k) { return a.contains(k); })) {
            if (i > 0)
                break;
            continue;
        }
        const int mcc = take(keys[0]).toInt();
        const int mnc = take(keys[1]).toInt();
        const qint64 lac = take(keys[2]).toLongLong();
        network.addCell(mcc, mnc, lac, take(keys[3]).toLongLong());
    }
    if (!network.isEmpty()) {
        network.radioType = QStringLiteral("gsm");
        network.storeIn(a);
    }
}

// One D or SD message. Returns false (and sets the error) when it does not parse.
bool decodeMessage(const QString &data, bool shortForm, const QString &id, DecodeContext &ctx,
                   DecodeResult &out)
{
    const QStringList f = data.split(u';');
    if (f.size() < 10) {
        setError(out,
                 QStringLiteral("a data message needs at least 10 fields, got %1").arg(f.size()));
        return false;
    }
    DecodedMessage m;
    Position &p = m.position;
    p.uniqueId = id;
    p.protocol = kName;
    p.serverTime = ctx.now;
    p.deviceTime = ctx.now;
    if (!isNa(f[0]) && !isNa(f[1])) {
        const QDate date = QDate::fromString(f[0], QStringLiteral("ddMMyy")).addYears(100);
        const QTime time = QTime::fromString(f[1], QStringLiteral("HHmmss"));
        if (!date.isValid() || !time.isValid()) {
            setError(out, QStringLiteral("bad date or time"));
            return false;
        }
        p.deviceTime = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    }
    if (!isNa(f[2]) && !isNa(f[4])) {
        if (!coordinate(f[2], f[3], p.latitude) || !coordinate(f[4], f[5], p.longitude)) {
            setError(out, QStringLiteral("bad coordinates"));
            return false;
        }
        m.hasLocation = true;
    }
    Attributes &a = p.attributes;
    if (!isNa(f[6]))
        p.speedKph = f[6].toDouble();
    if (!isNa(f[7]))
        p.course = f[7].toDouble();
    if (!isNa(f[8]))
        p.altitude = f[8].toDouble();
    if (!isNa(f[9])) {
        bool ok = false;
        const int satellites = f[9].toInt(&ok);
        if (ok) {
            p.satellites = satellites;
            p.valid = satellites >= 3;
            a.set(QStringLiteral("sat"), satellites);
        }
    }
    if (!shortForm && f.size() >= 16) {
        if (!isNa(f[10]))
            a.set(attr::hdop, f[10].toDouble());
        if (!isNa(f[11]))
            a.set(QStringLiteral("input"), f[11].toLongLong());
        if (!isNa(f[12]))
            a.set(QStringLiteral("output"), f[12].toLongLong());
        if (!isNa(f[13])) {
            const QStringList adc = f[13].split(u',');
            for (qsizetype i = 0; i < adc.size(); ++i)
                a.set(QStringLiteral("adc%1").arg(i + 1), paramValue(adc[i]));
        }
        if (!isNa(f[14]))
            a.set(QStringLiteral("driverUniqueId"), f[14]);
        if (!isNa(f[15]))
            readParams(f[15], a);
        if (a.contains(QStringLiteral("accuracy")))
            p.accuracy = a.value(QStringLiteral("accuracy")).toDouble();
    }
    if (a.value(QStringLiteral("sos")).toDouble() > 0) {
        a.set(attr::alarm, alarm::sos);
        m.type = MessageType::Event;
        m.text = QStringLiteral("alarm sos");
    } else if (!m.hasLocation && !a.contains(attr::network)) {
        m.type = MessageType::Status; // values without a place: kept as a status
        m.text = QStringLiteral("data without position");
    }
    out.messages.append(std::move(m));
    return true;
}

} // namespace

const ProtocolInfo &WialonDecoder::protocolInfo()
{
    static const ProtocolInfo info { kName, QStringLiteral("Wialon IPS"), 5039, true, true,
        false, true, 8192 };
    return info;
}

FrameCut WialonDecoder::cutFrame(QByteArrayView s) const
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
    const qsizetype max = protocolInfo().maxFrameSize;
    const qsizetype end = s.first(std::min(n, max)).indexOf('\n');
    if (end >= 0)
        return FrameCut::frame(end + 1);
    return n >= max ? FrameCut::garbage(n) : FrameCut::needMore();
}

void WialonDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    while (!frame.isEmpty() && (frame.back() == '\n' || frame.back() == '\r'))
        frame.chop(1);
    const QString line = QString::fromUtf8(frame);
    // [d.d;][id]#TYPE#data
    const qsizetype open = line.indexOf(u'#');
    const qsizetype close = open < 0 ? -1 : line.indexOf(u'#', open + 1);
    if (open < 0 || close < 0 || close == open + 1) {
        setError(out, QStringLiteral("no #TYPE# in the packet"));
        return;
    }
    QString prefix = line.left(open);
    if (prefix.size() > 4 && prefix[1] == u'.' && prefix[3] == u';')
        prefix = prefix.mid(4); // "2.0;" version
    const QString type = line.mid(open + 1, close - open - 1);
    const QString data = line.mid(close + 1);
    if (!prefix.isEmpty())
        ctx.uniqueId = prefix;
    const QString id = ctx.uniqueId;

    if (type == u"L") {
        const QStringList v = data.split(u';');
        const QString imei = v.value(0).contains(u'.') ? v.value(1) : v.value(0);
        if (imei.isEmpty() || imei.size() > 64) {
            setError(out, QStringLiteral("login without a device id"));
            out.reply = "#AL#0\r\n";
            return;
        }
        ctx.uniqueId = imei;
        DecodedMessage &m = out.messages.emplaceBack();
        m.type = MessageType::Login;
        m.position.uniqueId = imei;
        m.position.protocol = kName;
        out.reply = "#AL#1\r\n";
        return;
    }
    if (type == u"P") {
        DecodedMessage &m = out.messages.emplaceBack();
        m.type = MessageType::Heartbeat;
        m.position.uniqueId = id;
        m.position.protocol = kName;
        m.position.deviceTime = ctx.now;
        out.reply = "#AP#\r\n";
        return;
    }
    if (type == u"D" || type == u"SD") {
        const bool shortForm = type == u"SD";
        if (!decodeMessage(data, shortForm, id, ctx, out)) {
            out.reply = shortForm ? "#ASD#-1\r\n" : "#AD#-1\r\n";
            return;
        }
        out.reply = shortForm ? "#ASD#1\r\n" : "#AD#1\r\n";
        out.replyAcknowledgesData = true;
        return;
    }
    if (type == u"B") {
        const QStringList messages = data.split(u'|', Qt::SkipEmptyParts);
        int read = 0;
        for (const QString &message : messages) {
            DecodeResult one;
            if (!decodeMessage(message, message.count(u';') < 12, id, ctx, one))
                continue;
            DecodedMessage &m = one.messages.first();
            m.position.attributes.set(attr::archive, true);
            out.messages.append(std::move(m));
            ++read;
        }
        if (read == 0 && !messages.isEmpty()) {
            setError(out, QStringLiteral("no readable message in the black box packet"));
            return;
        }
        out.reply = "#AB#" + QByteArray::number(read) + "\r\n";
        out.replyAcknowledgesData = true;
        return;
    }
    if (type == u"M") {
        DecodedMessage &m = out.messages.emplaceBack();
        m.type = MessageType::Status;
        m.position.uniqueId = id;
        m.position.protocol = kName;
        m.position.deviceTime = ctx.now;
        m.text = data;
        m.position.attributes.set(attr::result, data);
        out.reply = "#AM#1\r\n";
        return;
    }
    setError(out, QStringLiteral("unknown packet type %1").arg(type.left(8)));
}

} // namespace fw
