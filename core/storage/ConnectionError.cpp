#include "ConnectionError.h"

#include "StorageTr.h"

using namespace Qt::StringLiterals;

namespace fw {

ConnectionError::Kind ConnectionError::classify(const QString &text)
{
    const auto has
        = [&text](QLatin1StringView part) { return text.contains(part, Qt::CaseInsensitive); };
    // pg_hba.conf refusals name the encryption the client used: "no encryption" (PostgreSQL
    // 14+) or "SSL off" (older servers).
    if (has("pg_hba.conf"_L1) && (has("no encryption"_L1) || has("SSL off"_L1)))
        return Kind::TlsRequired;
    if (has("server does not support SSL"_L1))
        return Kind::TlsUnavailable;
    if (has("certificate verify failed"_L1) || has("does not match host name"_L1)
        || has("root certificate file"_L1) || has("certificate"_L1))
        return Kind::CertificateRejected;
    if (has("password authentication failed"_L1) || has("no password supplied"_L1))
        return Kind::PasswordRefused;
    if (has("role \""_L1) && has("does not exist"_L1))
        return Kind::NoSuchLogin;
    if (has("Connection refused"_L1) || has("could not translate host name"_L1)
        || has("timeout expired"_L1) || has("No route to host"_L1)
        || has("Network is unreachable"_L1))
        return Kind::Unreachable;
    return Kind::Other;
}

QString ConnectionError::describe(const QString &serverText, const DatabaseConfig &config)
{
    const QString server = serverText.simplified();
    QString meaning;
    switch (classify(serverText)) {
    case Kind::TlsRequired:
        meaning = StorageTr::tr("the server requires an encrypted (TLS) connection; add "
                                "?sslmode=require (or verify-full) to the database URL");
        break;
    case Kind::TlsUnavailable:
        meaning = StorageTr::tr("the URL asks for an encrypted (TLS) connection "
                                "(sslmode=%1) but the server does not offer one")
                      .arg(config.option(u"sslmode"_s));
        break;
    case Kind::CertificateRejected:
        meaning = StorageTr::tr("the server's TLS certificate could not be verified "
                                "(check sslrootcert and the host name)");
        break;
    case Kind::PasswordRefused:
        meaning
            = StorageTr::tr("the server refused the password of login \"%1\"").arg(config.user());
        break;
    case Kind::NoSuchLogin:
        meaning = StorageTr::tr("the server has no login \"%1\"").arg(config.user());
        break;
    case Kind::Unreachable:
        meaning = StorageTr::tr("cannot reach the database server at %1:%2")
                      .arg(config.host())
                      .arg(config.port());
        break;
    case Kind::Other:
        return server;
    }
    return server.isEmpty() ? meaning : meaning + u" ("_s + server + u")"_s;
}

} // namespace fw
