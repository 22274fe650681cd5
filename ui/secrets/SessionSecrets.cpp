#include "SessionSecrets.h"

#include <QEventLoop>
#include <QSettings>
#include <QTimer>

#include <memory>

namespace fw {

SessionSecrets::SessionSecrets(SecretStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{ }

QStringList SessionSecrets::knownKeys()
{
    return { SecretKeys::kDatabasePassword, SecretKeys::kServerPassword,
        SecretKeys::kSmsGatewayPassword, SecretKeys::kSmsAuthorization };
}

void SessionSecrets::loadBlocking(int timeoutMs)
{
    // Shared with the callbacks, so an answer arriving after the time-out touches nothing freed.
    struct Wait
    {
        int pending = 0;
        QEventLoop *loop = nullptr;
    };
    const QStringList keys = knownKeys();
    auto wait = std::make_shared<Wait>();
    wait->pending = static_cast<int>(keys.size());
    QEventLoop loop;
    wait->loop = &loop;
    for (const QString &key : keys) {
        m_store->read(key, this, [this, key, wait](const SecretResult &r) {
            if (r.ok && !m_values.contains(key))
                m_values.insert(key, r.value);
            else if (!r.ok && !r.notFound)
                report(r);
            if (--wait->pending == 0 && wait->loop)
                wait->loop->quit();
        });
    }
    if (wait->pending > 0) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    wait->loop = nullptr;
    if (wait->pending > 0) {
        SecretResult late;
        late.error = tr("the keychain did not answer in time");
        report(late);
    }
}

void SessionSecrets::migrateFromSettings()
{
    QSettings settings;
    const auto moveUrlPassword = [&](const QString &settingsKey, const QString &secretKey) {
        const SplitUrl split = splitPassword(settings.value(settingsKey).toString());
        if (split.password.isEmpty())
            return;
        settings.setValue(settingsKey, split.url);
        set(secretKey, split.password);
    };
    moveUrlPassword(QStringLiteral("database/url"), SecretKeys::kDatabasePassword);
    moveUrlPassword(QStringLiteral("sms/url"), SecretKeys::kSmsGatewayPassword);
    const QString authorization = settings.value(SecretKeys::kSmsAuthorization).toString();
    if (!authorization.isEmpty()) {
        settings.remove(SecretKeys::kSmsAuthorization);
        set(SecretKeys::kSmsAuthorization, authorization);
    }
}

void SessionSecrets::set(const QString &key, const QString &secret)
{
    m_values.insert(key, secret);
    const auto done = [this](const SecretResult &r) {
        if (r.ok && !m_problem.isEmpty()) {
            m_problem.clear();
            emit problemChanged(m_problem);
        } else if (!r.ok) {
            report(r);
        }
    };
    if (secret.isEmpty())
        m_store->remove(key, this, done);
    else
        m_store->write(key, secret, this, done);
}

void SessionSecrets::report(const SecretResult &result)
{
    const QString text = tr("Passwords cannot be kept in the keychain: %1. FleetWatch uses them "
                            "until it closes; enter them again next time.")
                             .arg(result.error);
    if (text == m_problem)
        return;
    m_problem = text;
    emit problemChanged(m_problem);
}

} // namespace fw
