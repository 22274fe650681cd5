#pragma once
// SessionSecrets: the secrets this desktop session uses (database password, SMS gateway
// credentials), read once from the SecretStore at start-up and kept in memory for the session,
// written back when the operator enters new ones. Secrets that older versions left in the plain
// settings file are moved into the store and removed from the file. When the store cannot keep
// a secret (no keychain service), the session still uses it and problem() says why it will not
// be remembered.

#include "util/SecretStore.h"

#include <QHash>
#include <QObject>

namespace fw {

class SessionSecrets : public QObject
{
    Q_OBJECT
public:
    explicit SessionSecrets(SecretStore *store, QObject *parent = nullptr);

    static QStringList knownKeys();

    // Start-up only (before the window shows): reads every known secret, waiting at most
    // `timeoutMs` for the keychain (it may ask the user to unlock it).
    void loadBlocking(int timeoutMs = 10'000);
    // Moves passwords found in database/url, sms/url and sms/authorization of QSettings into
    // the store; the settings keep the URLs without them.
    void migrateFromSettings();

    QString value(const QString &key) const { return m_values.value(key); }
    QHash<QString, QString> values() const { return m_values; }
    // Used from now on, and written to the store (asynchronously).
    void set(const QString &key, const QString &secret);
    QString problem() const { return m_problem; }

signals:
    void problemChanged(const QString &text);

private:
    void report(const SecretResult &result);

    SecretStore *m_store;
    QHash<QString, QString> m_values;
    QString m_problem;
};

} // namespace fw
