#include "NotificationTarget.h"

#include <QUrl>

namespace fw {

namespace {
const QString kWindow = QStringLiteral("window");
const QString kEmailPrefix = QStringLiteral("email:");
const QString kWebhookPrefix = QStringLiteral("webhook:");

bool plausibleAddress(const QString &address)
{
    // Enough to refuse typos and header injection; the SMTP server has the last word.
    const qsizetype at = address.indexOf(QLatin1Char('@'));
    if (at <= 0 || at != address.lastIndexOf(QLatin1Char('@')) || at == address.size() - 1)
        return false;
    for (const QChar c : address) {
        if (c.isSpace() || c == QLatin1Char('<') || c == QLatin1Char('>') || c.unicode() < 0x20)
            return false;
    }
    return true;
}
} // namespace

NotificationTarget NotificationTarget::parse(const QString &text)
{
    const QString t = text.trimmed();
    NotificationTarget target;
    if (t == kWindow) {
        target.kind = Kind::Window;
    } else if (t.startsWith(kEmailPrefix)) {
        const QString address = t.mid(kEmailPrefix.size());
        if (plausibleAddress(address)) {
            target.kind = Kind::Email;
            target.address = address;
        }
    } else if (t.startsWith(kWebhookPrefix)) {
        const QString url = t.mid(kWebhookPrefix.size());
        const QUrl parsed(url, QUrl::StrictMode);
        const QString scheme = parsed.scheme();
        if (parsed.isValid() && !parsed.host().isEmpty()
            && (scheme == QLatin1String("http") || scheme == QLatin1String("https"))) {
            target.kind = Kind::Webhook;
            target.address = url;
            target.destination = scheme + QStringLiteral("://") + parsed.host() + QLatin1Char(':')
                + QString::number(parsed.port(scheme == QLatin1String("https") ? 443 : 80));
        }
    }
    return target;
}

QString NotificationTarget::redacted(const QString &targetOrUrl)
{
    const bool isTarget = targetOrUrl.startsWith(kWebhookPrefix);
    const QString url = isTarget ? targetOrUrl.mid(kWebhookPrefix.size()) : targetOrUrl;
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.scheme().isEmpty() || parsed.host().isEmpty())
        return targetOrUrl; // an e-mail address or "window": nothing secret in it
    QString shown = parsed.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
                        .toString();
    if (parsed.hasQuery())
        shown += QStringLiteral("?\u2026");
    return isTarget ? kWebhookPrefix + shown : shown;
}

QString NotificationTarget::toString() const
{
    switch (kind) {
    case Kind::Window:
        return kWindow;
    case Kind::Email:
        return kEmailPrefix + address;
    case Kind::Webhook:
        return kWebhookPrefix + address;
    case Kind::Invalid:
        break;
    }
    return {};
}

} // namespace fw
