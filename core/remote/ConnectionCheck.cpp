#include "ConnectionCheck.h"

#include "RemoteLog.h"
#include "RemoteTr.h"
#include "storage/Database.h"

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

QAtomicInt g_checks; // a unique connection name per check

// The server's words without Qt's "Unable to connect" prefix and libpq's trailing hints.
QString serverText(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text().trimmed();
    return text;
}

} // namespace

ConnectionCheck::Problem ConnectionCheck::classifyConnectError(const QString &text)
{
    const QString t = text.toLower();
    const auto has = [&t](const char *s) { return t.contains(QLatin1String(s)); };
    if (has("server does not support ssl"))
        return Problem::TlsUnavailable;
    // "no pg_hba.conf entry for host ..., no encryption" (PostgreSQL 14+), "..., ssl off"
    // (older): a hostssl-only server and a plain connection.
    if (has("no pg_hba.conf entry") && (has("no encryption") || has("ssl off")))
        return Problem::TlsRequired;
    if (has("no pg_hba.conf entry") || has("pg_hba.conf rejects"))
        return Problem::LoginNotAllowed;
    if (has("password authentication failed") || has("no password supplied")
        || (has("role ") && has("does not exist")))
        return Problem::PasswordRefused;
    if (has("database ") && has("does not exist"))
        return Problem::NoSuchDatabase;
    if (has("connection refused") || has("could not translate host name")
        || has("timeout expired") || has("no route to host") || has("network is unreachable")
        || has("could not connect to server") || has("name or service not known")
        || has("connection timed out") || has("host is unreachable"))
        return Problem::Unreachable;
    return Problem::Other;
}

QString ConnectionCheck::describe(
    Problem problem, const DatabaseConfig &config, int schemaVersion)
{
    const QString where = u"%1:%2"_s.arg(config.host()).arg(config.port());
    switch (problem) {
    case Problem::None:
        return RemoteTr::tr("Connected: %1 is a FleetWatch database this login can use.")
            .arg(config.databaseName());
    case Problem::NotPostgres:
        return RemoteTr::tr("A FleetWatch server is a PostgreSQL database: the address must "
                            "start with postgresql://.");
    case Problem::Unreachable:
        return RemoteTr::tr("No server answers at %1. Check the host name and port, and that "
                            "PostgreSQL runs there and a firewall lets this computer in.")
            .arg(where);
    case Problem::PasswordRefused:
        return RemoteTr::tr("The server refused the login \"%1\": the user name or the password "
                            "is wrong.")
            .arg(config.user());
    case Problem::TlsRequired:
        return RemoteTr::tr("The server accepts this login only over an encrypted connection: "
                            "add ?sslmode=require to the address.");
    case Problem::TlsUnavailable:
        return RemoteTr::tr("The address asks for an encrypted connection, but the server at "
                            "%1 does not offer one.")
            .arg(where);
    case Problem::LoginNotAllowed:
        return RemoteTr::tr("The server does not let the login \"%1\" in from this computer "
                            "(its pg_hba.conf has no entry for it).")
            .arg(config.user());
    case Problem::NoSuchDatabase:
        return RemoteTr::tr("The server has no database called \"%1\".")
            .arg(config.databaseName());
    case Problem::NotFleetWatch:
        return RemoteTr::tr("\"%1\" is not a FleetWatch database (it has none of FleetWatch's "
                            "tables). Run fleetwatch db init on it first, or check the "
                            "database name.")
            .arg(config.databaseName());
    case Problem::SchemaNewer:
        return RemoteTr::tr("The database was set up by a newer FleetWatch (schema version %1; "
                            "this program knows up to %2). Update FleetWatch on this computer.")
            .arg(schemaVersion)
            .arg(Database::latestSchemaVersion());
    case Problem::SchemaOlder:
        return RemoteTr::tr("The database was set up by an older FleetWatch (schema version %1; "
                            "this program needs %2). Run fleetwatch db init on it, or start an "
                            "updated ingest node, first.")
            .arg(schemaVersion)
            .arg(Database::latestSchemaVersion());
    case Problem::NoPrivileges:
        return RemoteTr::tr("The login \"%1\" may not read FleetWatch's tables. Ask the "
                            "administrator to run fleetwatch db grant operator (or viewer) for "
                            "it.")
            .arg(config.user());
    case Problem::Other:
        break;
    }
    return RemoteTr::tr("The connection failed for a reason FleetWatch does not recognise; the "
                        "server's message is below.");
}

QString ConnectionCheck::id(Problem problem)
{
    switch (problem) {
    case Problem::None: return u"ok"_s;
    case Problem::NotPostgres: return u"not-postgres"_s;
    case Problem::Unreachable: return u"unreachable"_s;
    case Problem::PasswordRefused: return u"password-refused"_s;
    case Problem::TlsRequired: return u"tls-required"_s;
    case Problem::TlsUnavailable: return u"tls-unavailable"_s;
    case Problem::LoginNotAllowed: return u"login-not-allowed"_s;
    case Problem::NoSuchDatabase: return u"no-such-database"_s;
    case Problem::NotFleetWatch: return u"not-fleetwatch"_s;
    case Problem::SchemaNewer: return u"schema-newer"_s;
    case Problem::SchemaOlder: return u"schema-older"_s;
    case Problem::NoPrivileges: return u"no-privileges"_s;
    case Problem::Other: break;
    }
    return u"other"_s;
}

ConnectionCheck::Result ConnectionCheck::run(const DatabaseConfig &config, int timeoutSeconds)
{
    Result r;
    const auto finish = [&r, &config](Problem p, const QString &detail = {}) {
        r.problem = p;
        r.detail = detail;
        r.message = describe(p, config, r.schemaVersion);
        return r;
    };
    if (!config.isPostgres())
        return finish(Problem::NotPostgres);
    const QString name = u"fw-connection-check-"_s + QString::number(g_checks.fetchAndAddRelaxed(1));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(config.host());
        db.setPort(config.port());
        db.setDatabaseName(config.databaseName());
        db.setUserName(config.user());
        db.setPassword(config.password());
        db.setConnectOptions(u"connect_timeout=%1"_s.arg(std::max(1, timeoutSeconds)));
        if (!db.open()) {
            const QString text = serverText(db.lastError());
            finish(classifyConnectError(text), text);
        } else {
            QSqlQuery q(db);
            if (!q.exec(u"SELECT to_regclass('schema_version') IS NOT NULL, "
                        "to_regclass('devices') IS NOT NULL"_s)
                || !q.next()) {
                finish(Problem::Other, serverText(q.lastError()));
            } else if (!q.value(0).toBool() || !q.value(1).toBool()) {
                finish(Problem::NotFleetWatch);
            } else if (!q.exec(u"SELECT has_table_privilege('schema_version', 'SELECT') AND "
                               "has_table_privilege('devices', 'SELECT')"_s)
                || !q.next()) {
                finish(Problem::Other, serverText(q.lastError()));
            } else if (!q.value(0).toBool()) {
                finish(Problem::NoPrivileges);
            } else if (!q.exec(u"SELECT MAX(version) FROM schema_version"_s) || !q.next()) {
                finish(Problem::Other, serverText(q.lastError()));
            } else {
                r.schemaVersion = q.value(0).isNull() ? 0 : q.value(0).toInt();
                const int latest = Database::latestSchemaVersion();
                finish(r.schemaVersion > latest ? Problem::SchemaNewer
                        : r.schemaVersion < latest ? Problem::SchemaOlder
                                                   : Problem::None);
            }
            q = QSqlQuery();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    qCInfo(lcRemote).noquote() << "connection test of" << config.displayUrl() << ":"
                               << id(r.problem);
    return r;
}

} // namespace fw
