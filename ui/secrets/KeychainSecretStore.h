#pragma once
// KeychainSecretStore: secrets in the operating system's keychain (Secret Service / KWallet on
// Linux, Keychain on macOS, Credential Manager on Windows) through QtKeychain. There is no
// fallback to a plain file: where no keychain service runs, every call reports noBackend with a
// message the window shows, and the secret is kept for this run only by whoever asked.

#include "util/SecretStore.h"

#include <QCoreApplication>

namespace fw {

class KeychainSecretStore final : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(fw::KeychainSecretStore)
public:
    // `service` names this program's entries in the keychain.
    explicit KeychainSecretStore(const QString &service = QStringLiteral("FleetWatch"));

    void read(const QString &key, QObject *context, Done done) override;
    void write(const QString &key, const QString &secret, QObject *context, Done done) override;
    void remove(const QString &key, QObject *context, Done done) override;

private:
    QString m_service;
};

} // namespace fw
