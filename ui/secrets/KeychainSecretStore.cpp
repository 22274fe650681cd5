#include "KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcSecrets, "fleetwatch.secrets", QtInfoMsg)

namespace fw {

namespace {
SecretResult resultOf(const QKeychain::Job &job)
{
    SecretResult r;
    r.ok = job.error() == QKeychain::NoError;
    r.notFound = job.error() == QKeychain::EntryNotFound;
    // Without a keychain service (no Secret Service or KWallet on the session bus, no session
    // bus at all) QtKeychain reports NoBackendAvailable, or OtherError with little detail.
    r.noBackend = job.error() == QKeychain::NoBackendAvailable
        || job.error() == QKeychain::NotImplemented || job.error() == QKeychain::OtherError;
    const QString detail = job.errorString();
    const bool informative = !detail.isEmpty()
        && detail.compare(QLatin1String("Unknown error"), Qt::CaseInsensitive) != 0;
    if (r.noBackend) {
        r.error = informative
            ? KeychainSecretStore::tr("no keychain service is running on this computer "
                                      "(%1); passwords are kept for this session only and "
                                      "never written to the settings file")
                  .arg(detail)
            : KeychainSecretStore::tr("no keychain service is running on this computer; "
                                      "passwords are kept for this session only and never "
                                      "written to the settings file");
    } else if (!r.ok && !r.notFound) {
        r.error = KeychainSecretStore::tr("the keychain refused: %1").arg(job.errorString());
    }
    return r;
}

// Runs the job and hands its outcome to `done` on `context` (if it still exists).
void run(QKeychain::Job *job, QObject *context, const SecretStore::Done &done,
    const std::function<void(SecretResult &)> &fill = {})
{
    QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, job,
        [guard, hadContext, done, fill](QKeychain::Job *finished) {
            SecretResult r = resultOf(*finished);
            if (r.ok && fill)
                fill(r);
            if (!r.ok && !r.notFound)
                qCWarning(lcSecrets).noquote() << r.error;
            if (done && (!hadContext || guard))
                done(r);
        });
    job->start();
}
} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service)
    : m_service(service)
{ }

void KeychainSecretStore::read(const QString &key, QObject *context, Done done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    job->setInsecureFallback(false); // never a plain copy in the settings file
    run(job, context, done, [job](SecretResult &r) { r.value = job->textData(); });
}

void KeychainSecretStore::write(
    const QString &key, const QString &secret, QObject *context, Done done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setInsecureFallback(false);
    job->setTextData(secret);
    run(job, context, done);
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Done done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    job->setInsecureFallback(false);
    run(job, context, done);
}

} // namespace fw
