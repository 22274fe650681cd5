#include "AccessCommands.h"
#include "JsonLine.h"

#include "Arguments.h"
#include "CliTr.h"
#include "DatabaseOptions.h"
#include "storage/AccessControl.h"
#include "storage/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fw::cli {

namespace {

QString usage()
{
    return CliTr::tr("fleetwatch db init | grant node|operator|viewer LOGIN [--groups G1,G2] | "
                     "revoke LOGIN | access [--json]   (--db postgresql://ADMIN@HOST/DB)\n");
}

QStringList splitGroups(const QString &text)
{
    QStringList groups;
    for (const QString &g : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString trimmed = g.trimmed();
        if (!trimmed.isEmpty() && !groups.contains(trimmed))
            groups.append(trimmed);
    }
    return groups;
}

} // namespace

bool refuseUnless(const AccessRights &rights, Right right, const QString &command, QTextStream &err)
{
    QString refusal;
    switch (right) {
    case Right::EditDevices:
        if (!rights.editDevices)
            refusal = CliTr::tr("this login may not change devices (%1)");
        break;
    case Right::EditGeofences:
        if (!rights.editGeofences)
            refusal = CliTr::tr("this login may not change geofences (%1)");
        break;
    case Right::EditRules:
        if (!rights.editRules)
            refusal = CliTr::tr("this login may not change alert rules (%1)");
        break;
    case Right::AcknowledgeAlerts:
        if (!rights.acknowledgeAlerts)
            refusal = CliTr::tr("this login may not acknowledge alerts (%1)");
        break;
    case Right::QueueCommands:
        if (!rights.queueCommands)
            refusal = CliTr::tr("this login may not send commands (%1)");
        break;
    }
    if (refusal.isEmpty())
        return false;
    err << "fleetwatch " << command << ": " << refusal.arg(rights.roleId()) << '\n';
    return true;
}

bool refuseGroup(
    const AccessRights &rights, const QString &group, const QString &command, QTextStream &err)
{
    if (!rights.isLimited() || rights.groups.contains(group))
        return false;
    err << "fleetwatch " << command << ": "
        << CliTr::tr("this login may change only devices of the groups %1 (give --group)")
               .arg(rights.groups.join(QStringLiteral(", ")))
        << '\n';
    return true;
}

int runDb(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    if (args.isEmpty()) {
        err << usage();
        return 2;
    }
    const QString action = args.takeFirst();
    AccessControl access(db);
    if (action == u"init") {
        if (rejectLeftovers(args, QStringLiteral("db init"), err))
            return 2;
        if (!access.initialize()) {
            err << "fleetwatch db init: " << access.lastError() << '\n';
            return 1;
        }
        out << CliTr::tr("schema version %1 and roles fleetwatch_node, fleetwatch_operator, "
                         "fleetwatch_viewer ready on %2\n")
                   .arg(db.schemaVersion())
                   .arg(db.config().displayUrl());
        return 0;
    }
    if (action == u"grant") {
        bool hasGroups = false;
        const QString groupText = takeOption(args, QStringLiteral("--groups"), &hasGroups);
        const QStringList groups = splitGroups(groupText);
        if (hasGroups && groups.isEmpty()) {
            err << CliTr::tr("fleetwatch db grant: --groups needs one or more group names\n");
            return 2;
        }
        if (args.size() < 2) {
            err << CliTr::tr("fleetwatch db grant node|operator|viewer LOGIN [--groups G1,G2]\n");
            return 2;
        }
        const QString roleText = args.takeFirst();
        const QString login = args.takeFirst();
        if (rejectLeftovers(args, QStringLiteral("db grant"), err))
            return 2;
        const std::optional<AccessRights::Role> role = AccessControl::roleFromId(roleText);
        if (!role) {
            err << CliTr::tr("fleetwatch db grant: unknown role \"%1\" (node, operator or "
                             "viewer)\n")
                       .arg(roleText);
            return 2;
        }
        if (!access.grant(*role, login, groups)) {
            err << "fleetwatch db grant: " << access.lastError() << '\n';
            return 1;
        }
        if (groups.isEmpty())
            out << CliTr::tr("%1 is now a FleetWatch %2 and sees every device\n")
                       .arg(login, roleText);
        else
            out << CliTr::tr("%1 is now a FleetWatch %2 and sees only the devices of %3\n")
                       .arg(login, roleText, groups.join(QStringLiteral(", ")));
        if (!access.note().isEmpty())
            err << "fleetwatch db grant: " << access.note() << '\n';
        return 0;
    }
    if (action == u"revoke") {
        if (args.size() != 1) {
            err << CliTr::tr("fleetwatch db revoke LOGIN\n");
            return 2;
        }
        const QString login = args.takeFirst();
        if (!access.revoke(login)) {
            err << "fleetwatch db revoke: " << access.lastError() << '\n';
            return 1;
        }
        out << CliTr::tr("%1 is no longer a member of any FleetWatch role\n").arg(login);
        return 0;
    }
    if (action == u"access") {
        const bool json = takeFlag(args, QStringLiteral("--json"));
        if (rejectLeftovers(args, QStringLiteral("db access"), err))
            return 2;
        const AccessRights r = access.rights();
        if (!access.lastError().isEmpty()) {
            err << "fleetwatch db access: " << access.lastError() << '\n';
            return 1;
        }
        if (json) {
            printJsonLine(out,
                QJsonObject { { QStringLiteral("login"), db.config().user() },
                    { QStringLiteral("role"), r.roleId() },
                    { QStringLiteral("groups"), QJsonArray::fromStringList(r.groups) },
                    { QStringLiteral("editDevices"), r.editDevices },
                    { QStringLiteral("editGeofences"), r.editGeofences },
                    { QStringLiteral("editRules"), r.editRules },
                    { QStringLiteral("acknowledgeAlerts"), r.acknowledgeAlerts },
                    { QStringLiteral("queueCommands"), r.queueCommands },
                    { QStringLiteral("writePositions"), r.writePositions } });
            return 0;
        }
        out << CliTr::tr("login %1: %2; devices: %3\n")
                   .arg(db.config().user(), r.roleId(),
                       r.isLimited() ? r.groups.join(QStringLiteral(", ")) : CliTr::tr("all"));
        return 0;
    }
    err << usage();
    return 2;
}

} // namespace fw::cli
