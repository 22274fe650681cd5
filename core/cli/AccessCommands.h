#pragma once
// Who may do what on a shared PostgreSQL database: `db init` (schema, roles, grants, row-level
// security), `db grant node|operator|viewer LOGIN [--groups G,...]`, `db revoke LOGIN` and
// `db access` (what this login may do), over storage/AccessControl. refuseUnless() is how the
// other commands turn a missing right into a clear message before they change anything.

#include "storage/AccessRights.h"

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runDb(const QStringList &args, QTextStream &out, QTextStream &err);

enum class Right { EditDevices, EditGeofences, EditRules, AcknowledgeAlerts, QueueCommands };

// True (with the reason printed as "fleetwatch COMMAND: ...") when this login may not
// (`rights` from Database::capabilities()).
bool refuseUnless(
    const AccessRights &rights, Right right, const QString &command, QTextStream &err);
// For a login limited to device groups: true (reason printed) when `group` is not one of them.
bool refuseGroup(
    const AccessRights &rights, const QString &group, const QString &command, QTextStream &err);

} // namespace fw::cli
