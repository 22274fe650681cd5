#include "MailMessage.h"

#include <QDateTime>
#include <QLocale>
#include <QUuid>

namespace fw {

namespace {
constexpr int kMaxLine = 76;

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

bool isPlainAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

QByteArray domainOf(const QString &address)
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    const QString domain = at >= 0 ? address.mid(at + 1) : QString();
    return domain.isEmpty() ? QByteArrayLiteral("fleetwatch.invalid") : domain.toUtf8();
}

// Quoted-printable of one line (no line break inside), with soft breaks.
void appendQpLine(QByteArray &out, const QByteArray &line)
{
    static const char hex[] = "0123456789ABCDEF";
    int column = 0;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line.at(i));
        const bool last = i == line.size() - 1;
        QByteArray piece;
        if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
            piece = QByteArray(1, char(c));
        } else {
            const char escaped[] = { '=', hex[c >> 4], hex[c & 0x0f] };
            piece = QByteArray(escaped, 3);
        }
        if (column + piece.size() > kMaxLine - 1) { // room for the soft break's '='
            out += "=\r\n";
            column = 0;
        }
        out += piece;
        column += int(piece.size());
    }
}
} // namespace

QByteArray MailMessage::rfc5322Date(TimeMs t)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(t, Qt::UTC);
    return QLocale::c().toString(utc, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1()
        + " +0000";
}

QByteArray MailMessage::encodeHeaderText(const QString &text)
{
    const QString line = oneLine(text);
    if (isPlainAscii(line))
        return line.toLatin1();
    // Encoded words of at most 39 bytes of UTF-8 each, never splitting a character.
    QByteArray out;
    QByteArray chunk;
    const auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n "; // folding between encoded words
        out += "=?UTF-8?B?" + chunk.toBase64() + "?=";
        chunk.clear();
    };
    for (qsizetype i = 0; i < line.size(); ++i) {
        QString character(line.at(i));
        if (line.at(i).isHighSurrogate() && i + 1 < line.size())
            character += line.at(++i);
        const QByteArray bytes = character.toUtf8();
        if (chunk.size() + bytes.size() > 39)
            flush();
        chunk += bytes;
    }
    flush();
    return out;
}

QByteArray MailMessage::quotedPrintable(const QString &text)
{
    QByteArray out;
    const QList<QByteArray> lines = text.toUtf8().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        appendQpLine(out, line);
        if (i + 1 < lines.size())
            out += "\r\n";
    }
    return out;
}

QByteArray MailMessage::toBytes() const
{
    QByteArray id = oneLine(messageId).toUtf8();
    if (id.isEmpty())
        id = QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + '@' + domainOf(from);
    QByteArray recipients;
    for (const QString &address : to) {
        if (!recipients.isEmpty())
            recipients += ", ";
        recipients += oneLine(address).toUtf8();
    }
    QByteArray m;
    m += "Date: " + rfc5322Date(date) + "\r\n";
    m += "From: " + oneLine(from).toUtf8() + "\r\n";
    m += "To: " + recipients + "\r\n";
    m += "Subject: " + encodeHeaderText(subject) + "\r\n";
    m += "Message-ID: <" + id + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: quoted-printable\r\n";
    m += "Auto-Submitted: auto-generated\r\n"; // RFC 3834: no auto-replies to alerts
    m += "\r\n";
    m += quotedPrintable(body);
    if (!m.endsWith("\r\n"))
        m += "\r\n";
    return m;
}

} // namespace fw
