#include "AccessControl.h"

#include "Database.h"
#include "StorageLog.h"
#include "StorageTr.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

// How a table's rows are limited for a login with device groups.
enum class Limit { None, Group, DeviceId, UniqueId };

struct TableAccess
{
    const char *table;
    const char *node; // privileges beyond SELECT
    const char *operatorPrivileges;
    Limit limit;
    bool optional; // a table a newer schema may have; skipped when missing
};

// Every role reads every table (row-level security decides which rows). Nodes write what the
// trackers send (and register unknown devices, keep settings such as the retention); operators
// edit devices, geofences and rules (each edit bumps a settings counter and takes a change
// number), delete a removed device's history and acknowledge alerts; viewers only read.
const TableAccess kTables[] = {
    { "schema_version", "", "", Limit::None, false },
    { "devices", "INSERT, UPDATE", "INSERT, UPDATE, DELETE", Limit::Group, false },
    { "positions", "INSERT, UPDATE, DELETE", "DELETE", Limit::DeviceId, false },
    { "events", "INSERT, UPDATE, DELETE", "DELETE", Limit::DeviceId, false },
    { "device_activity", "INSERT, UPDATE, DELETE", "", Limit::DeviceId, false },
    { "settings", "INSERT, UPDATE, DELETE", "INSERT, UPDATE", Limit::None, false },
    { "geofences", "", "INSERT, UPDATE, DELETE", Limit::None, false },
    { "alert_rules", "", "INSERT, UPDATE, DELETE", Limit::None, false },
    { "alerts", "INSERT, UPDATE", "UPDATE (acknowledged_by, acknowledged_at, note, change_seq)",
        Limit::UniqueId, false },
    { "alert_state", "INSERT, UPDATE, DELETE", "", Limit::UniqueId, false },
    { "change_sequence", "UPDATE", "UPDATE", Limit::None, false },
    { "nodes", "INSERT, UPDATE, DELETE", "", Limit::None, false },
    { "login_groups", "", "", Limit::None, false },
    { "raw_frames", "INSERT, UPDATE, DELETE", "", Limit::DeviceId, true },
    { "commands", "UPDATE", "INSERT", Limit::DeviceId, true },
    { "removed_devices", "", "INSERT", Limit::Group, true },
};

// Functions (one BIGINT argument) only nodes may call; see StorageSchema migration 6.
const char *const kNodeFunctions[]
    = { "fleetwatch_ensure_position_partition", "fleetwatch_drop_position_partitions" };

const AccessRights::Role kGroupRoles[]
    = { AccessRights::Role::Node, AccessRights::Role::Operator, AccessRights::Role::Viewer };

// True for a login that is not limited: no row in login_groups. An uncorrelated sub-select,
// so PostgreSQL evaluates it once per statement (an InitPlan), not once per row.
const QString kUnlimited = u"NOT EXISTS (SELECT 1 FROM login_groups g "
                           "WHERE g.login = CAST(session_user AS TEXT))"_s;

QString policyCondition(Limit limit)
{
    switch (limit) {
    case Limit::Group:
        return kUnlimited
            + u" OR group_name IN (SELECT g.group_name FROM login_groups g "
              "WHERE g.login = CAST(session_user AS TEXT))"_s;
    case Limit::DeviceId: // devices is itself limited: its visible ids
        return kUnlimited + u" OR device_id IN (SELECT d.id FROM devices d)"_s;
    case Limit::UniqueId:
        return kUnlimited + u" OR unique_id IN (SELECT d.unique_id FROM devices d)"_s;
    case Limit::None:
        break;
    }
    return {};
}

QString limitColumn(Limit limit)
{
    switch (limit) {
    case Limit::Group:
        return u"group_name"_s;
    case Limit::DeviceId:
        return u"device_id"_s;
    case Limit::UniqueId:
        return u"unique_id"_s;
    case Limit::None:
        break;
    }
    return {};
}

} // namespace

AccessControl::AccessControl(Database &db)
    : m_db(db)
{ }

QString AccessControl::groupRole(AccessRights::Role role)
{
    return u"fleetwatch_"_s + AccessRights::roleId(role);
}

std::optional<AccessRights::Role> AccessControl::roleFromId(const QString &id)
{
    for (const AccessRights::Role role : kGroupRoles) {
        if (AccessRights::roleId(role) == id)
            return role;
    }
    return std::nullopt;
}

QString AccessControl::quoteIdentifier(const QString &name)
{
    QString quoted = name;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u"\""_s + quoted + u"\""_s;
}

bool AccessControl::fail(const QString &what, const QString &detail)
{
    m_error = detail.isEmpty() ? what : what + u": "_s + detail;
    qCWarning(lcStorage).noquote() << m_error;
    return false;
}

bool AccessControl::begin()
{
    if (m_db.begin())
        return true;
    m_error = m_db.lastError();
    return false;
}

bool AccessControl::rollBack(const QString &what)
{
    const QString error = m_error;
    m_db.rollback();
    m_error = what + u": "_s + error;
    return false;
}

bool AccessControl::exec(const QString &sql)
{
    QSqlQuery q(m_db.connection());
    if (q.exec(sql))
        return true;
    return fail(StorageTr::tr("statement refused"), q.lastError().text());
}

std::optional<bool> AccessControl::flag(const QString &sql)
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(sql) || !q.next()) {
        fail(StorageTr::tr("cannot read the access rights"), q.lastError().text());
        return std::nullopt;
    }
    return q.value(0).toBool();
}

bool AccessControl::needsPostgres(const QString &what)
{
    if (m_db.dialect().isPostgres())
        return true;
    return fail(what,
        StorageTr::tr("roles and device groups need a PostgreSQL database "
                      "(postgresql://ADMIN@HOST/DB); %1 is not one")
            .arg(m_db.config().displayUrl()));
}

bool AccessControl::tableExists(const QString &table, bool *exists)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT to_regclass(?) IS NOT NULL"_s);
    q.addBindValue(table);
    if (!q.exec() || !q.next())
        return fail(StorageTr::tr("cannot look up table %1").arg(table), q.lastError().text());
    *exists = q.value(0).toBool();
    return true;
}

bool AccessControl::loginExists(const QString &login, bool *exists)
{
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT 1 FROM pg_roles WHERE rolname = ?"_s);
    q.addBindValue(login);
    if (!q.exec())
        return fail(StorageTr::tr("cannot look up login \"%1\"").arg(login), q.lastError().text());
    *exists = q.next();
    return true;
}

bool AccessControl::initialize()
{
    m_error.clear();
    const QString what = StorageTr::tr("cannot set up the FleetWatch roles");
    if (!needsPostgres(what))
        return false;
    const std::optional<bool> allowed = flag(u"SELECT rolsuper OR rolcreaterole FROM pg_roles "
                                             "WHERE rolname = current_user"_s);
    if (!allowed)
        return false;
    if (!*allowed)
        return fail(what,
            StorageTr::tr("login \"%1\" may not create roles; run db init as the owner of the "
                          "database with CREATEROLE (or as a superuser such as postgres)")
                .arg(m_db.config().user()));
    QString schema;
    {
        QSqlQuery q(m_db.connection());
        if (!q.exec(u"SELECT current_schema()"_s) || !q.next() || q.value(0).isNull())
            return fail(what, q.lastError().text());
        schema = q.value(0).toString();
    }
    if (!begin())
        return false;
    const auto abort = [this, &what]() { return rollBack(what); };
    if (!exec(m_db.dialect().migrationLock()))
        return abort();
    for (const AccessRights::Role role : kGroupRoles) {
        bool exists = false;
        if (!loginExists(groupRole(role), &exists))
            return abort();
        if (!exists && !exec(u"CREATE ROLE "_s + groupRole(role) + u" NOLOGIN"_s))
            return abort();
    }
    if (!exec(u"CREATE TABLE IF NOT EXISTS login_groups (login TEXT NOT NULL, "
              "group_name TEXT NOT NULL, PRIMARY KEY (login, group_name))"_s))
        return abort();
    if (!grantTables(schema) || !createPolicies())
        return abort();
    if (!m_db.commit()) {
        m_error = m_db.lastError();
        return abort();
    }
    qCInfo(lcStorage).noquote() << "roles and row-level security set up on"
                                << m_db.config().displayUrl();
    return true;
}

bool AccessControl::grantTables(const QString &schema)
{
    const QString all = groupRole(AccessRights::Role::Node) + u", "_s
        + groupRole(AccessRights::Role::Operator) + u", "_s + groupRole(AccessRights::Role::Viewer);
    const QString writers
        = groupRole(AccessRights::Role::Node) + u", "_s + groupRole(AccessRights::Role::Operator);
    if (!exec(u"GRANT USAGE ON SCHEMA "_s + quoteIdentifier(schema) + u" TO "_s + all))
        return false;
    for (const TableAccess &t : kTables) {
        const QString table = QString::fromLatin1(t.table);
        bool exists = false;
        if (!tableExists(table, &exists))
            return false;
        if (!exists) {
            if (t.optional)
                continue;
            return fail(StorageTr::tr("table %1 is missing").arg(table), {});
        }
        // From scratch each time, so a privilege this version no longer gives goes away.
        if (!exec(u"REVOKE ALL ON "_s + table + u" FROM "_s + all)
            || !exec(u"GRANT SELECT ON "_s + table + u" TO "_s + all))
            return false;
        const std::pair<AccessRights::Role, const char *> writes[]
            = { { AccessRights::Role::Node, t.node },
                  { AccessRights::Role::Operator, t.operatorPrivileges } };
        for (const auto &[role, privileges] : writes) {
            if (*privileges
                && !exec(u"GRANT "_s + QString::fromLatin1(privileges) + u" ON "_s + table
                    + u" TO "_s + groupRole(role)))
                return false;
        }
    }
    // Identity columns draw from sequences: inserting needs them.
    if (!exec(u"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "_s + quoteIdentifier(schema)
            + u" TO "_s + writers))
        return false;
    // Nodes create next month's positions partition and drop the ones past the retention
    // (SECURITY DEFINER functions of the owner: only a table's owner may do either).
    for (const char *function : kNodeFunctions) {
        const QString signature = QString::fromLatin1(function) + u"(BIGINT)"_s;
        const std::optional<bool> exists
            = flag(u"SELECT to_regprocedure('"_s + signature + u"') IS NOT NULL"_s);
        if (!exists)
            return false;
        if (*exists
            && (!exec(u"REVOKE ALL ON FUNCTION "_s + signature + u" FROM PUBLIC, "_s + all)
                || !exec(u"GRANT EXECUTE ON FUNCTION "_s + signature + u" TO "_s
                    + groupRole(AccessRights::Role::Node))))
            return false;
    }
    return true;
}

bool AccessControl::createPolicies()
{
    // A login reads only its own device groups (the owner reads them all: no RLS for it).
    if (!exec(u"ALTER TABLE login_groups ENABLE ROW LEVEL SECURITY"_s)
        || !exec(u"DROP POLICY IF EXISTS fleetwatch_own ON login_groups"_s)
        || !exec(u"CREATE POLICY fleetwatch_own ON login_groups "
                 "USING (login = CAST(session_user AS TEXT))"_s)
        // Every login reads its own limits (the policies below ask), whatever its role.
        || !exec(u"GRANT SELECT ON login_groups TO PUBLIC"_s))
        return false;
    for (const TableAccess &t : kTables) {
        if (t.limit == Limit::None)
            continue;
        const QString table = QString::fromLatin1(t.table);
        bool exists = false;
        if (!tableExists(table, &exists))
            return false;
        if (!exists)
            continue;
        const std::optional<bool> hasColumn = flag(u"SELECT EXISTS (SELECT 1 FROM pg_attribute "
                                                   "WHERE attrelid = to_regclass('"_s
            + table + u"') AND attname = '"_s + limitColumn(t.limit)
            + u"' AND NOT attisdropped)"_s);
        if (!hasColumn)
            return false;
        if (!*hasColumn) {
            qCWarning(lcStorage).noquote() << "table" << table << "has no" << limitColumn(t.limit)
                                           << "column: not limited by device groups";
            continue;
        }
        // FOR ALL: the condition filters reads, updates and deletes and checks new rows, so a
        // limited operator can neither see nor create a device outside its groups.
        if (!exec(u"ALTER TABLE "_s + table + u" ENABLE ROW LEVEL SECURITY"_s)
            || !exec(u"DROP POLICY IF EXISTS fleetwatch_groups ON "_s + table)
            || !exec(u"CREATE POLICY fleetwatch_groups ON "_s + table + u" USING ("_s
                + policyCondition(t.limit) + u")"_s))
            return false;
    }
    return true;
}

bool AccessControl::grant(AccessRights::Role role, const QString &login, const QStringList &groups)
{
    m_error.clear();
    m_note.clear();
    const QString what
        = StorageTr::tr("cannot grant %1 to \"%2\"").arg(AccessRights::roleId(role), login);
    if (!needsPostgres(what))
        return false;
    if (role == AccessRights::Role::Node && !groups.isEmpty())
        return fail(what,
            StorageTr::tr("a node stores what every device sends; --groups is for operators "
                          "and viewers"));
    if (role == AccessRights::Role::Owner || role == AccessRights::Role::None)
        return fail(what, StorageTr::tr("use node, operator or viewer"));
    bool exists = false;
    if (!loginExists(login, &exists))
        return false;
    if (!exists)
        return fail(what,
            StorageTr::tr("there is no PostgreSQL login \"%1\" (create it first, e.g. CREATE "
                          "ROLE \"%1\" LOGIN PASSWORD '...')")
                .arg(login));
    bool ready = false;
    if (!loginExists(groupRole(role), &ready) || (ready && !tableExists(u"login_groups"_s, &ready)))
        return false;
    if (!ready)
        return fail(what, StorageTr::tr("the roles are not set up; run fleetwatch db init first"));
    const std::optional<bool> superuser
        = flag(u"SELECT rolsuper FROM pg_roles WHERE rolname = current_user"_s);
    if (!superuser)
        return false;
    if (!begin())
        return false;
    const auto abort = [this, &what]() { return rollBack(what); };
    const QString quoted = quoteIdentifier(login);
    // One FleetWatch role per login: the new one replaces any other.
    for (const AccessRights::Role other : kGroupRoles) {
        if (other == role)
            continue;
        const std::optional<bool> member = flag(u"SELECT EXISTS (SELECT 1 FROM pg_auth_members m "
                                                "JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles "
                                                "u ON u.oid = m.member WHERE r.rolname = '"_s
            + groupRole(other) + u"' AND u.rolname = "_s
            + QString(login).replace(u"'"_s, u"''"_s).prepend(u'\'').append(u'\'') + u")"_s);
        if (!member)
            return abort();
        if (*member && !exec(u"REVOKE "_s + groupRole(other) + u" FROM "_s + quoted))
            return abort();
    }
    if (!exec(u"GRANT "_s + groupRole(role) + u" TO "_s + quoted))
        return abort();
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM login_groups WHERE login = ?"_s);
    q.addBindValue(login);
    if (!q.exec()) {
        fail(StorageTr::tr("cannot store the device groups"), q.lastError().text());
        return abort();
    }
    for (const QString &group : groups) {
        q.prepare(u"INSERT INTO login_groups (login, group_name) VALUES (?, ?) "
                  "ON CONFLICT DO NOTHING"_s);
        q.addBindValue(login);
        q.addBindValue(group);
        if (!q.exec()) {
            fail(StorageTr::tr("cannot store the device groups"), q.lastError().text());
            return abort();
        }
    }
    // A node is never limited; without row-level security in its way its positions go in by
    // binary COPY (PostgreSQL refuses COPY FROM into a table whose policies apply).
    if (role == AccessRights::Role::Node) {
        if (*superuser) {
            if (!exec(u"ALTER ROLE "_s + quoted + u" BYPASSRLS"_s))
                return abort();
        } else {
            m_note = StorageTr::tr("only a superuser can let a node bypass row-level security; "
                                   "this node writes positions with INSERT instead of COPY");
        }
    }
    if (!m_db.commit()) {
        m_error = m_db.lastError();
        return abort();
    }
    return true;
}

bool AccessControl::revoke(const QString &login)
{
    m_error.clear();
    m_note.clear();
    const QString what = StorageTr::tr("cannot revoke the access of \"%1\"").arg(login);
    if (!needsPostgres(what))
        return false;
    bool exists = false;
    if (!loginExists(login, &exists))
        return false;
    if (!exists)
        return fail(what, StorageTr::tr("there is no PostgreSQL login \"%1\"").arg(login));
    const QString literal = QString(login).replace(u"'"_s, u"''"_s).prepend(u'\'').append(u'\'');
    if (!begin())
        return false;
    const auto abort = [this, &what]() { return rollBack(what); };
    bool wasNode = false;
    for (const AccessRights::Role role : kGroupRoles) {
        const std::optional<bool> member = flag(u"SELECT EXISTS (SELECT 1 FROM pg_auth_members m "
                                                "JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles "
                                                "u ON u.oid = m.member WHERE r.rolname = '"_s
            + groupRole(role) + u"' AND u.rolname = "_s + literal + u")"_s);
        if (!member)
            return abort();
        if (*member && !exec(u"REVOKE "_s + groupRole(role) + u" FROM "_s + quoteIdentifier(login)))
            return abort();
        wasNode = wasNode || (*member && role == AccessRights::Role::Node);
    }
    bool hasTable = false;
    if (!tableExists(u"login_groups"_s, &hasTable))
        return abort();
    if (hasTable) {
        QSqlQuery q(m_db.connection());
        q.prepare(u"DELETE FROM login_groups WHERE login = ?"_s);
        q.addBindValue(login);
        if (!q.exec()) {
            fail(StorageTr::tr("cannot remove the device groups"), q.lastError().text());
            return abort();
        }
    }
    if (wasNode) {
        const std::optional<bool> superuser
            = flag(u"SELECT rolsuper FROM pg_roles WHERE rolname = current_user"_s);
        if (!superuser)
            return abort();
        if (*superuser && !exec(u"ALTER ROLE "_s + quoteIdentifier(login) + u" NOBYPASSRLS"_s))
            return abort();
    }
    if (!m_db.commit()) {
        m_error = m_db.lastError();
        return abort();
    }
    return true;
}

AccessRights AccessControl::rights()
{
    m_error.clear();
    AccessRights rights;
    if (!m_db.dialect().isPostgres())
        return rights; // no logins: everything
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                "OR pg_has_role(current_user, (SELECT relowner FROM pg_class "
                "WHERE oid = to_regclass('devices')), 'USAGE'), "
                "has_table_privilege('devices', 'UPDATE'), "
                "has_table_privilege('geofences', 'INSERT'), "
                "has_table_privilege('alert_rules', 'INSERT'), "
                "has_column_privilege('alerts', 'acknowledged_by', 'UPDATE'), "
                "has_table_privilege('positions', 'INSERT'), "
                "COALESCE(has_table_privilege(to_regclass('commands'), 'INSERT'), FALSE), "
                "to_regclass('login_groups') IS NOT NULL, "
                "has_table_privilege('settings', 'UPDATE')"_s)
        || !q.next()) {
        fail(StorageTr::tr("cannot read the access rights"), q.lastError().text());
        return rights;
    }
    const bool owner = q.value(0).toBool();
    rights.editDevices = q.value(1).toBool();
    rights.editGeofences = q.value(2).toBool();
    rights.editRules = q.value(3).toBool();
    rights.acknowledgeAlerts = q.value(4).toBool();
    rights.writePositions = q.value(5).toBool();
    rights.queueCommands = q.value(6).toBool();
    const bool hasGroups = q.value(7).toBool();
    rights.editSettings = q.value(8).toBool();
    if (owner) {
        rights.role = AccessRights::Role::Owner;
        return rights;
    }
    rights.role = AccessRights::Role::None;
    if (q.exec(u"SELECT r.rolname FROM pg_roles r WHERE r.rolname IN "
               "('fleetwatch_node', 'fleetwatch_operator', 'fleetwatch_viewer') "
               "AND pg_has_role(session_user, r.oid, 'MEMBER')"_s)) {
        QStringList names;
        while (q.next())
            names.append(q.value(0).toString());
        for (const AccessRights::Role role : kGroupRoles) { // the strongest first
            if (names.contains(groupRole(role))) {
                rights.role = role;
                break;
            }
        }
    }
    if (hasGroups && rights.role != AccessRights::Role::Node
        && q.exec(u"SELECT group_name FROM login_groups "
                  "WHERE login = CAST(session_user AS TEXT) ORDER BY group_name"_s)) {
        while (q.next())
            rights.groups.append(q.value(0).toString());
    }
    return rights;
}

} // namespace fw
