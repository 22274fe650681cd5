#pragma once
// ConnectionCheck: "Test connection" for a window that connects to a FleetWatch server. It
// tries the PostgreSQL URL the way the window would (but never creates or migrates anything)
// and names what is wrong in the operator's terms: the host cannot be reached, the password
// was refused, the server wants TLS, the database is not a FleetWatch one, its schema is newer
// than this program, or the login has no FleetWatch privileges. The classification lives here,
// not in a widget, so it is tested against a real server. It blocks for up to the timeout: call
// it from a worker thread.

#include "storage/DatabaseConfig.h"

#include <QString>

namespace fw {

class ConnectionCheck
{
public:
    enum class Problem {
        None, // a FleetWatch database this login can use
        NotPostgres, // the URL is not a postgresql:// one
        Unreachable, // no server answered at host:port (wrong host, port, firewall, down)
        PasswordRefused, // the server refused the login's password
        TlsRequired, // the server accepts this login only over an encrypted connection
        TlsUnavailable, // the URL asks for TLS and the server offers none
        LoginNotAllowed, // pg_hba.conf has no entry for this login from this computer
        NoSuchDatabase, // the server has no database of that name
        NotFleetWatch, // the database has none of FleetWatch's tables
        SchemaNewer, // written by a newer FleetWatch than this one
        SchemaOlder, // needs `fleetwatch db init` (a node does it too) before windows use it
        NoPrivileges, // the login may not read FleetWatch's tables
        Other, // anything else: the server's own text is in `detail`
    };

    struct Result
    {
        Problem problem = Problem::Other;
        QString message; // one sentence for the operator, in our words
        QString detail; // the server's text, when it said something (never the password)
        int schemaVersion = -1; // the database's, when it could be read
        bool ok() const { return problem == Problem::None; }
    };

    // Connects with its own short-lived connection (waiting at most `timeoutSeconds` for the
    // server), checks the schema and the privileges, and disconnects.
    static Result run(const DatabaseConfig &config, int timeoutSeconds = 5);

    // What a failed connection attempt's message (libpq's text) means.
    static Problem classifyConnectError(const QString &text);
    // The operator's sentence for `problem` (schema versions for the schema problems).
    static QString describe(Problem problem, const DatabaseConfig &config, int schemaVersion = -1);
    // Stable ids for logs and tests ("unreachable", "password-refused", ...).
    static QString id(Problem problem);
};

} // namespace fw
