#include "SecretStore.h"
#include "UtilTr.h"

#include <QCoreApplication>
#include <QPointer>
#include <QUrl>

#include <algorithm>

namespace fw {

namespace {
void deliver(QObject *context, const SecretStore::Done &done, const SecretResult &result)
{
    if (!done)
        return;
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        context ? context : QCoreApplication::instance(),
        [guard, hadContext = context != nullptr, done, result] {
            if (!hadContext || guard)
                done(result);
        },
        Qt::QueuedConnection);
}

SecretResult unavailable()
{
    SecretResult r;
    r.noBackend = true;
    r.error = UtilTr::tr("no keychain is available");
    return r;
}
} // namespace

void MemorySecretStore::read(const QString &key, QObject *context, Done done)
{
    if (m_unavailable)
        return deliver(context, done, unavailable());
    SecretResult r;
    r.ok = m_secrets.contains(key);
    r.notFound = !r.ok;
    r.value = m_secrets.value(key);
    deliver(context, done, r);
}

void MemorySecretStore::write(
    const QString &key, const QString &secret, QObject *context, Done done)
{
    if (m_unavailable)
        return deliver(context, done, unavailable());
    m_secrets.insert(key, secret);
    SecretResult r;
    r.ok = true;
    deliver(context, done, r);
}

void MemorySecretStore::remove(const QString &key, QObject *context, Done done)
{
    if (m_unavailable)
        return deliver(context, done, unavailable());
    m_secrets.remove(key);
    SecretResult r;
    r.ok = true;
    deliver(context, done, r);
}

namespace {
// Where the user info "user:password@" of scheme://user:password@host/... sits, worked out on
// the text itself (templates such as {phone} are not valid URLs for QUrl, and must stay as typed).
struct UserInfo
{
    qsizetype colon = -1; // the ':' before the password, -1 when there is none
    qsizetype at = -1; // the '@' that ends the user info, -1 when there is none
    qsizetype begin = -1; // first character after "://"
};

UserInfo findUserInfo(const QString &url)
{
    UserInfo info;
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    if (scheme <= 0)
        return info;
    info.begin = scheme + 3;
    qsizetype end = url.size();
    for (const QChar stop : { QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#') }) {
        const qsizetype i = url.indexOf(stop, info.begin);
        if (i >= 0)
            end = std::min(end, i);
    }
    info.at = url.lastIndexOf(QLatin1Char('@'), end - 1);
    if (info.at < info.begin)
        info.at = -1;
    if (info.at >= 0) {
        const qsizetype colon = url.indexOf(QLatin1Char(':'), info.begin);
        info.colon = colon >= 0 && colon < info.at ? colon : -1;
    }
    return info;
}
} // namespace

SplitUrl splitPassword(const QString &url)
{
    const UserInfo info = findUserInfo(url);
    if (info.colon < 0)
        return { url, {} };
    SplitUrl out;
    out.password
        = QUrl::fromPercentEncoding(url.mid(info.colon + 1, info.at - info.colon - 1).toUtf8());
    out.url = url.left(info.colon) + url.mid(info.at);
    return out;
}

QString withPassword(const QString &url, const QString &password)
{
    if (password.isEmpty())
        return url;
    const UserInfo info = findUserInfo(url);
    if (info.begin < 0 || info.colon >= 0)
        return url; // not a URL, or it carries its own password
    const QString encoded = QString::fromUtf8(QUrl::toPercentEncoding(password));
    if (info.at < 0)
        return url; // no user to go with the password
    return url.left(info.at) + QLatin1Char(':') + encoded + url.mid(info.at);
}

} // namespace fw
