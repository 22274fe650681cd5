#pragma once
// MailMessage: a plain-text e-mail as RFC 5322 bytes (Date, From, To, Subject, Message-ID,
// MIME-Version, UTF-8 text in quoted-printable), ready for an SMTP DATA phase. Kept apart from
// the transport so the bytes are testable without a server. Header values lose CR/LF, so an alert
// text can never inject a header.

#include "util/TimeUtil.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace fw {

struct MailMessage
{
    QString from;
    QStringList to;
    QString subject;
    QString body; // plain text, '\n' line ends
    TimeMs date = 0; // when the message was made (the Date header, in UTC)
    QString messageId; // without <>; empty: one is made from a random UUID and From's domain

    QByteArray toBytes() const;

    // "Mon, 07 Dec 2026 06:36:10 +0000"
    static QByteArray rfc5322Date(TimeMs t);
    // ASCII text as it is; anything else as RFC 2047 encoded words (=?UTF-8?B?...?=).
    static QByteArray encodeHeaderText(const QString &text);
    // RFC 2045 quoted-printable with CRLF line ends and soft breaks at 76 columns.
    static QByteArray quotedPrintable(const QString &text);
};

} // namespace fw
