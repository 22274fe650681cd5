#include "AprsDecoder.h"

#include "AprsFields.h"
#include "AprsPositionParser.h"
#include "AprsStatusParser.h"

namespace fw {

using namespace aprs;

namespace {

struct Packet
{
    QString source;
    QByteArrayView dest; // without SSID
    QByteArrayView info; // after ':'
};

class Decoder
{
public:
    Decoder(DecodeContext &ctx, DecodeResult &out)
        : m_ctx(ctx)
        , m_out(out)
    { }

    void line(QByteArrayView line);

private:
    void login(QByteArrayView line);
    void packet(QByteArrayView line, qsizetype base, int depth);
    bool position(const Packet &pk, QByteArrayView data, qsizetype at, TimeMs time);
    bool micE(const Packet &pk, qsizetype at);
    void status(const Packet &pk, qsizetype at);
    DecodedMessage &fixMessage(
        const Packet &pk, const AprsFix &fix, MessageType type, TimeMs time);
    bool fail(const QString &what, qsizetype at)
    {
        m_out.error
            = QStringLiteral("aprs: ") + what + QStringLiteral(" at byte ") + QString::number(at);
        return false;
    }
    DecodedMessage &newMessage(const QString &source, MessageType type)
    {
        DecodedMessage &m = m_out.messages.emplaceBack();
        m.type = type;
        m.position.uniqueId = source;
        m.position.protocol = AprsDecoder::staticInfo().name;
        m.position.deviceTime = m_ctx.now;
        return m;
    }

    DecodeContext &m_ctx;
    DecodeResult &m_out;
};

// The trimmed comment of a position report, and the battery voltage it may tell.
void addComment(Position &pos, QByteArrayView comment)
{
    comment = trimmed(comment);
    if (!comment.isEmpty()) {
        commentBattery(comment, pos.attributes);
        pos.attributes.set(QStringLiteral("comment"), QString::fromUtf8(comment));
    }
}

void Decoder::line(QByteArrayView line)
{
    if (line.isEmpty())
        return;
    if (line[0] == '#') { // server comment / keep-alive
        DecodedMessage &m = newMessage(m_ctx.uniqueId, MessageType::Heartbeat);
        const QByteArrayView comment = trimmed(line.sliced(1));
        m.text = QString::fromUtf8(comment.first(qMin<qsizetype>(comment.size(), 200)));
        return;
    }
    if (istartsWith(line, "user "))
        return login(line);
    packet(line, 0, 0);
}

void Decoder::login(QByteArrayView line)
{
    // user CALL pass N vers SOFTWARE VERSION [filter ...]
    QByteArrayView call, pass;
    bool hasPass = false;
    qsizetype pos = 5, callAt = 5;
    int index = 0;
    QByteArrayView previous;
    while (pos < line.size()) {
        while (pos < line.size() && line[pos] == ' ')
            ++pos;
        qsizetype end = pos;
        while (end < line.size() && line[end] != ' ')
            ++end;
        if (end == pos)
            break;
        const QByteArrayView token = line.sliced(pos, end - pos);
        if (index == 0) {
            call = token;
            callAt = pos;
        } else if (iequals(previous, "pass") && !hasPass) {
            pass = token;
            hasPass = true;
        }
        previous = token;
        ++index;
        pos = end;
    }
    if (call.isEmpty() || call.size() > 15)
        return void(fail(QStringLiteral("login without a valid callsign"), callAt));
    for (const char c : call) {
        if (!(isDigit(c) || (upper(c) >= 'A' && upper(c) <= 'Z') || c == '-'))
            return void(fail(QStringLiteral("bad character in login callsign"), callAt));
    }
    const QString callsign = QString::fromLatin1(call).toUpper();
    int given = -2;
    if (hasPass) {
        const bool negative = pass.startsWith('-');
        const int n
            = digits(pass, negative ? 1 : 0, static_cast<int>(pass.size()) - (negative ? 1 : 0));
        if (n >= 0 && pass.size() <= 6)
            given = negative ? -n : n;
    }
    const bool verified = given == AprsDecoder::passcode(call);
    m_ctx.uniqueId = callsign;
    m_ctx.state = verified ? AprsDecoder::LoggedInVerified : AprsDecoder::LoggedInUnverified;
    m_out.reply = QByteArrayLiteral("# logresp ") + callsign.toLatin1()
        + (verified ? QByteArrayLiteral(" verified") : QByteArrayLiteral(" unverified"))
        + QByteArrayLiteral(", server FLEETWATCH\r\n");
    DecodedMessage &m = newMessage(callsign, MessageType::Login);
    m.text = QStringLiteral("APRS-IS login ") + callsign
        + (verified ? QStringLiteral(" (verified)") : QStringLiteral(" (unverified)"));
    m.position.attributes.set(QStringLiteral("verified"), verified);
}

void Decoder::packet(QByteArrayView line, qsizetype base, int depth)
{
    const qsizetype gt = line.indexOf('>');
    const qsizetype colon = line.indexOf(':');
    if (gt <= 0 || colon < gt)
        return void(fail(QStringLiteral("missing 'SOURCE>DEST:' header"), base));
    if (gt > 15)
        return void(fail(QStringLiteral("source callsign too long"), base));
    for (qsizetype i = 0; i < gt; ++i) {
        const char c = line[i];
        if (!(isDigit(c) || (upper(c) >= 'A' && upper(c) <= 'Z') || c == '-'))
            return void(fail(QStringLiteral("bad character in source callsign"), base + i));
    }
    Packet pk;
    QByteArray src = line.first(gt).toByteArray();
    for (char &c : src)
        c = upper(c);
    pk.source = QString::fromLatin1(src);
    QByteArrayView dest = line.sliced(gt + 1, colon - gt - 1);
    const qsizetype comma = dest.indexOf(',');
    if (comma >= 0)
        dest = dest.first(comma);
    const qsizetype dash = dest.indexOf('-');
    if (dash >= 0)
        dest = dest.first(dash);
    if (dest.isEmpty() || dest.size() > 9)
        return void(fail(QStringLiteral("bad destination field"), base + gt + 1));
    pk.dest = dest;
    const qsizetype at = base + colon + 1; // byte offset of the information field
    pk.info = line.sliced(colon + 1);
    if (pk.info.isEmpty())
        return void(fail(QStringLiteral("empty information field"), at));

    const QByteArrayView info = pk.info;
    switch (info[0]) {
    case '!':
    case '=':
        position(pk, info.sliced(1), at + 1, m_ctx.now);
        break;
    case '/':
    case '@': {
        bool ok = false;
        const TimeMs t = parseTimestamp(info.sliced(1), m_ctx.now, ok);
        if (!ok)
            return void(fail(QStringLiteral("bad timestamp"), at + 1));
        position(pk, info.sliced(qMin<qsizetype>(8, info.size())), at + 8, t);
        break;
    }
    case '`':
    case '\'':
    case 0x1c:
    case 0x1d:
        micE(pk, at);
        break;
    case '>':
        status(pk, at);
        break;
    case '}': // third-party packet: decode the inner one (one level deep)
        if (depth == 0)
            packet(info.sliced(1), at + 1, depth + 1);
        break;
    default:
        break; // messages, telemetry, weather, objects ...: valid APRS, nothing to track
    }
}

bool Decoder::position(const Packet &pk, QByteArrayView p, qsizetype at, TimeMs time)
{
    AprsFix fix;
    AprsParseError error;
    if (!AprsPositionParser::parse(p, at, fix, error))
        return fail(error.what, error.at);
    DecodedMessage &m = fixMessage(pk, fix, MessageType::Position, time);
    addComment(m.position, fix.comment);
    return true;
}

bool Decoder::micE(const Packet &pk, qsizetype at)
{
    AprsFix fix;
    AprsParseError error;
    if (!AprsPositionParser::parseMicE(pk.dest, pk.info, at, fix, error))
        return fail(error.what, error.at);
    DecodedMessage &m = fixMessage(
        pk, fix, fix.emergency ? MessageType::Event : MessageType::Position, m_ctx.now);
    Position &pos = m.position;
    pos.attributes.set(QStringLiteral("micE"), fix.micEMessage);
    if (fix.emergency) {
        pos.attributes.set(attr::alarm, alarm::sos);
        m.text = QStringLiteral("Mic-E emergency");
    }
    addComment(pos, fix.comment);
    return true;
}

DecodedMessage &Decoder::fixMessage(
    const Packet &pk, const AprsFix &fix, MessageType type, TimeMs time)
{
    DecodedMessage &m = newMessage(pk.source, type);
    m.hasLocation = true;
    Position &pos = m.position;
    pos.deviceTime = time;
    pos.valid = true;
    pos.latitude = fix.latitude;
    pos.longitude = fix.longitude;
    if (fix.hasCourse) {
        pos.course = fix.course;
        pos.speedKph = fix.speedKnots * kKnotsToKph;
    }
    if (fix.hasAltitude)
        pos.altitude = fix.altitude;
    return m;
}

void Decoder::status(const Packet &pk, qsizetype at)
{
    QByteArrayView text = pk.info.sliced(1);
    TimeMs time = m_ctx.now;
    if (text.size() >= 7 && text[6] == 'z') {
        bool ok = false;
        const TimeMs t = parseTimestamp(text, m_ctx.now, ok);
        if (ok) {
            time = t;
            text = text.sliced(7);
        }
    }
    text = trimmed(text);
    DecodedMessage &m = newMessage(pk.source, MessageType::Status);
    m.position.deviceTime = time;
    m.text = QString::fromUtf8(text);
    AprsStatusParser::parse(text, time, m.position.attributes);
    Q_UNUSED(at);
}

} // namespace

const ProtocolInfo &AprsDecoder::staticInfo()
{
    static const ProtocolInfo info = [] {
        ProtocolInfo i;
        i.name = QStringLiteral("aprs");
        i.title = QStringLiteral("APRS (APRS-IS, TNC2)");
        i.defaultPort = 14580;
        i.tcp = true;
        i.textual = true;
        i.maxFrameSize = kMaxLine;
        return i;
    }();
    return info;
}

int AprsDecoder::passcode(QByteArrayView callsign)
{
    int hash = 0x73e2;
    qsizetype n = callsign.indexOf('-');
    if (n < 0)
        n = callsign.size();
    n = qMin<qsizetype>(n, 10);
    for (qsizetype i = 0; i < n; i += 2) {
        hash ^= static_cast<quint8>(upper(callsign[i])) << 8;
        if (i + 1 < n)
            hash ^= static_cast<quint8>(upper(callsign[i + 1]));
    }
    return hash & 0x7fff;
}

FrameCut AprsDecoder::cutFrame(QByteArrayView s) const
{
    if (s.isEmpty())
        return FrameCut::needMore();
    if (s[0] == '\r' || s[0] == '\n') {
        qsizetype n = 1;
        while (n < s.size() && (s[n] == '\r' || s[n] == '\n'))
            ++n;
        return FrameCut::garbage(n);
    }
    const qsizetype limit = qMin(s.size(), kMaxLine);
    for (qsizetype i = 0; i < limit; ++i) {
        const char c = s[i];
        if (c == '\n')
            return FrameCut::frame(i + 1);
        if (c == '\r') {
            if (i + 1 == s.size())
                return FrameCut::needMore(); // an LF may follow
            const qsizetype n = s[i + 1] == '\n' ? i + 2 : i + 1;
            return n > kMaxLine ? FrameCut::garbage(kMaxLine) : FrameCut::frame(n);
        }
    }
    return s.size() >= kMaxLine ? FrameCut::garbage(kMaxLine) : FrameCut::needMore();
}

void AprsDecoder::decode(QByteArrayView frame, DecodeContext &ctx, DecodeResult &out) const
{
    QByteArrayView line = frame;
    while (!line.isEmpty() && (line.back() == '\n' || line.back() == '\r'))
        line.chop(1);
    if (line.size() > kMaxLine) {
        out.error = QStringLiteral("aprs: line longer than %1 bytes").arg(kMaxLine);
        return;
    }
    Decoder d(ctx, out);
    d.line(line);
}

} // namespace fw
