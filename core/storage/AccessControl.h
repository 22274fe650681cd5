#pragma once
// AccessControl: who may do what on a shared PostgreSQL database. `db init` creates three
// NOLOGIN group roles (fleetwatch_node, fleetwatch_operator, fleetwatch_viewer), grants each its
// table privileges and sets up row-level security: a login listed in login_groups sees only
// the devices of its groups, and only their positions, events, activity and alerts, in every
// query the program (or anyone with psql) runs. `db grant` / `db revoke` make a login a member
// or take it back. The server enforces all of it; rights() tells the program what its own login
// may do. Setting up needs the tables' owner (or a superuser) with CREATEROLE.

#include "AccessRights.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace fw {

class Database;

class AccessControl
{
public:
    explicit AccessControl(Database &db);

    // Roles, the login_groups table, the grants and the row-level security policies; safe to
    // run again (after an upgrade it grants on the new tables too). All or nothing.
    bool initialize();
    // Makes `login` a member of the role's group (and of no other FleetWatch group). `groups`
    // limits an operator or viewer to those device groups; empty: every device. A node is
    // never limited.
    bool grant(AccessRights::Role role, const QString &login, const QStringList &groups);
    bool revoke(const QString &login);
    // What this connection's login may do (everything on SQLite, and for the owner).
    AccessRights rights();

    QString lastError() const { return m_error; }
    // A short note about the last grant (e.g. a node's bypass of row-level security).
    QString note() const { return m_note; }

    static QString groupRole(AccessRights::Role role); // "fleetwatch_node", ...
    static std::optional<AccessRights::Role> roleFromId(const QString &id);
    static QString quoteIdentifier(const QString &name);

private:
    bool exec(const QString &sql);
    bool begin(); // a transaction, or false with the database's error
    bool rollBack(const QString &what); // ends it: false, "what: " before the error that stopped it
    bool fail(const QString &what, const QString &detail);
    bool needsPostgres(const QString &what);
    bool loginExists(const QString &login, bool *exists);
    bool grantTables(const QString &schema);
    bool createPolicies();
    bool tableExists(const QString &table, bool *exists);
    std::optional<bool> flag(const QString &sql);

    Database &m_db;
    QString m_error;
    QString m_note;
};

} // namespace fw
