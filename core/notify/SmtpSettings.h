#pragma once
// SmtpSettings: where alert mail goes (interfaces.md: `smtp/host`, `smtp/port`, `smtp/user`,
// `smtp/starttls`, plus `smtp/from`). Read from a QSettings the caller passes in; the password is
// not here but in the SecretStore under kSmtpPasswordKey, so it never reaches a settings file.

#include <QString>

class QSettings;

namespace fw {

inline const QString kSmtpPasswordKey = QStringLiteral("smtp/password");

struct SmtpSettings
{
    QString host;
    int port = 587;
    QString user; // empty: no authentication
    bool startTls = true; // require STARTTLS (port 465 always uses TLS from the first byte)
    QString from; // the From address, e.g. "fleetwatch@example.org"
    QString caFile; // optional CA certificate file (a company CA); empty: the system's
    int timeoutMs = 30000; // the whole conversation with the server

    bool isValid() const { return !host.isEmpty() && port > 0 && port < 65536 && !from.isEmpty(); }
    // "smtp://host:port" or "smtps://host:port" (port 465).
    QString url() const;

    static SmtpSettings fromSettings(const QSettings &settings);
    void save(QSettings &settings) const;
};

} // namespace fw
