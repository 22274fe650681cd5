#pragma once
// NotificationTarget: one "--notify TARGET" of a rule (interfaces.md, "Geofences, rules and
// alerts"): `window`, `email:ADDRESS` or `webhook:URL`, parsed once so the dispatcher and the
// rule editor agree on what is valid.

#include <QString>

namespace fw {

struct NotificationTarget
{
    enum class Kind { Invalid, Window, Email, Webhook };

    Kind kind = Kind::Invalid;
    QString address; // the e-mail address or the webhook URL; empty for the window
    QString destination; // webhooks: "scheme://host:port", the server that answers

    // "window", "email:ops@example.org", "webhook:https://hooks.example.org/fw". Anything else
    // (an address without '@', a URL that is not http(s)) gives Kind::Invalid.
    static NotificationTarget parse(const QString &text);
    QString toString() const;
    bool isValid() const { return kind != Kind::Invalid; }

    // A target or URL fit for logs and error texts: a webhook URL loses its user info and query
    // ("https://h.example.org/hook?…"), where services put their access tokens.
    static QString redacted(const QString &targetOrUrl);
};

} // namespace fw
