#pragma once
// ConnectionError: what a failed PostgreSQL connection means, in our own words. libpq and the
// server explain a refusal in their terms ("no pg_hba.conf entry ... no encryption"); the
// window's connection dialog and the command line say what to do about it ("the server
// requires an encrypted (TLS) connection"). The server's own text follows in parentheses; it
// never holds the password (libpq does not echo it), and the URL shown is displayUrl().

#include "DatabaseConfig.h"

#include <QString>

namespace fw {

class ConnectionError
{
public:
    enum class Kind {
        Other,
        TlsRequired, // the server accepts only encrypted connections
        TlsUnavailable, // the URL asks for TLS, the server does not offer it
        CertificateRejected, // sslrootcert / verify-full failed
        PasswordRefused,
        NoSuchLogin,
        Unreachable,
    };

    static Kind classify(const QString &serverText);
    // "the server requires an encrypted (TLS) connection; add ?sslmode=require ... (server: ...)"
    static QString describe(const QString &serverText, const DatabaseConfig &config);
};

} // namespace fw
