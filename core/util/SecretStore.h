#pragma once
// SecretStore: where passwords live (database logins, SMS gateway credentials), so they never
// reach a settings file or a log. The desktop passes in the operating system's keychain; tests
// pass a MemorySecretStore. Operations are asynchronous, as keychains are (they may ask the user).

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace fw {

struct SecretResult
{
    bool ok = false;
    QString value; // the secret read (read only)
    bool notFound = false; // no secret under that key (read only)
    bool noBackend = false; // no keychain service on this computer
    QString error; // translated, for the operator; empty when ok
};

class SecretStore
{
public:
    using Done = std::function<void(const SecretResult &)>;
    virtual ~SecretStore() = default;

    // `done` runs on `context`'s thread, and not at all when context is gone by then.
    virtual void read(const QString &key, QObject *context, Done done) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context, Done done) = 0;
    virtual void remove(const QString &key, QObject *context, Done done) = 0;
};

// Keeps secrets in memory only: tests, and the explicit "do not remember" case.
class MemorySecretStore final : public SecretStore
{
public:
    void read(const QString &key, QObject *context, Done done) override;
    void write(const QString &key, const QString &secret, QObject *context, Done done) override;
    void remove(const QString &key, QObject *context, Done done) override;

    bool contains(const QString &key) const { return m_secrets.contains(key); }
    QString value(const QString &key) const { return m_secrets.value(key); }
    void setUnavailable(bool unavailable) { m_unavailable = unavailable; } // acts like no keychain

private:
    QHash<QString, QString> m_secrets;
    bool m_unavailable = false;
};

// The secrets this program keeps, by key.
namespace SecretKeys {
inline const QString kDatabasePassword = QStringLiteral("database/password");
// The FleetWatch server a connected window uses (server/url's login).
inline const QString kServerPassword = QStringLiteral("server/password");
inline const QString kSmsGatewayPassword = QStringLiteral("sms/password"); // in sms/url's user info
inline const QString kSmsAuthorization = QStringLiteral("sms/authorization"); // HTTP header value
} // namespace SecretKeys

// A URL's password taken out ("postgresql://fw:pw@host/db" -> "postgresql://fw@host/db", "pw"),
// so the URL can be kept in settings and the password in a SecretStore; and put back.
struct SplitUrl
{
    QString url; // without the password
    QString password; // empty when the URL had none
};
SplitUrl splitPassword(const QString &url);
QString withPassword(const QString &url, const QString &password);

} // namespace fw
