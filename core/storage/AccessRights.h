#pragma once
// AccessRights: what the login of a database connection may do, asked once from the server
// (Database::capabilities()) so the command line can refuse an action with a clear reason
// before trying it, and the window can disable the menus a viewer may not use. The server
// enforces the same rules itself (privileges and row-level security, see AccessControl); this
// is only how the program learns them. SQLite has no logins: everything is allowed.

#include <QString>
#include <QStringList>

namespace fw {

struct AccessRights
{
    // Owner: owns the FleetWatch tables or is a superuser (or SQLite). None: a login in none
    // of the FleetWatch roles (it sees what it was granted by hand).
    enum class Role { Owner, Node, Operator, Viewer, None };

    Role role = Role::Owner;
    bool editDevices = true; // add, edit, block, remove
    bool editGeofences = true;
    bool editRules = true;
    bool acknowledgeAlerts = true;
    bool queueCommands = true;
    bool writePositions = true;
    bool editSettings = true; // the fleet settings every node and window share
    QStringList groups; // the device groups this login sees; empty: every device

    bool operator==(const AccessRights &other) const = default;
    bool isLimited() const { return !groups.isEmpty(); }
    bool mayChangeGroup(const QString &group) const
    {
        return editDevices && (groups.isEmpty() || groups.contains(group));
    }

    // "owner", "node", "operator", "viewer", "none": the ids `db grant` takes.
    static QString roleId(Role role)
    {
        switch (role) {
        case Role::Owner:
            return QStringLiteral("owner");
        case Role::Node:
            return QStringLiteral("node");
        case Role::Operator:
            return QStringLiteral("operator");
        case Role::Viewer:
            return QStringLiteral("viewer");
        case Role::None:
            break;
        }
        return QStringLiteral("none");
    }
    QString roleId() const { return roleId(role); }
};

} // namespace fw
