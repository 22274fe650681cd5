#include "StorageCommands.h"
#include "JsonLine.h"

#include "AccessCommands.h"
#include "CliTr.h"
#include "DatabaseOptions.h"

#include "Arguments.h"
#include "domain/DeviceModelCatalog.h"
#include "export/TrackExporter.h"
#include "fleet/DeviceCsv.h"
#include "fleet/FleetSettings.h"
#include "fleet/FleetState.h"
#include "node/DatabaseDeviceDirectory.h"
#include "node/FleetSettingsStore.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fw::cli {

namespace {
QJsonObject deviceJson(const Device &d)
{
    QJsonObject o { { QStringLiteral("uniqueId"), d.uniqueId }, { QStringLiteral("name"), d.name },
        { QStringLiteral("model"), d.model }, { QStringLiteral("protocol"), d.protocol },
        { QStringLiteral("phone"), d.phone }, { QStringLiteral("carrier"), d.carrier },
        { QStringLiteral("group"), d.group },
        { QStringLiteral("offlineTimeout"), d.offlineTimeoutSecs },
        { QStringLiteral("blocked"), d.blocked },
        { QStringLiteral("registeredAt"), toIso(d.registeredAt) } };
    if (d.blockedUntil != kNoTime)
        o.insert(QStringLiteral("blockedUntil"), toIso(d.blockedUntil));
    return o;
}

// Reads --name/--model/... into `d`; returns an error text or empty.
QString applyDeviceOptions(QStringList &args, Device &d)
{
    static const std::pair<const char *, QString Device::*> kTextOptions[] = {
        { "--id", &Device::uniqueId },
        { "--name", &Device::name },
        { "--model", &Device::model },
        { "--protocol", &Device::protocol },
        { "--phone", &Device::phone },
        { "--carrier", &Device::carrier },
        { "--group", &Device::group },
        { "--password", &Device::password },
    };
    for (const auto &[option, field] : kTextOptions) {
        bool present = false;
        const QString value = takeOption(args, QString::fromLatin1(option), &present);
        if (present)
            d.*field = value;
    }
    bool present = false;
    const QString timeout = takeOption(args, QStringLiteral("--offline-timeout"), &present);
    if (present) {
        bool ok = false;
        d.offlineTimeoutSecs = timeout.toLongLong(&ok);
        if (!ok || d.offlineTimeoutSecs < 0)
            return CliTr::tr("--offline-timeout needs a number of seconds");
    }
    return {};
}
// An accepted id that is worth a second look: a warning on stderr, never an error.
void warnAboutId(const QString &uniqueId, QTextStream &err)
{
    if (!hasWrongImeiCheckDigit(uniqueId))
        return;
    err << CliTr::tr("fleetwatch: warning: %1 is not a valid IMEI (the check digit would be %2); "
                     "registered as the id the tracker sends\n")
               .arg(uniqueId)
               .arg(imeiCheckDigit(uniqueId));
}
} // namespace

int runDevices(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    if (args.isEmpty()) {
        err << CliTr::tr("fleetwatch devices: add|import|list|edit|block|unblock|remove\n");
        return 2;
    }
    const QString action = args.takeFirst();
    SystemClock clock;
    const DeviceModelCatalog catalog;
    DatabaseDeviceDirectory directory(&db, &clock, &catalog);
    const auto finish = [&](const QString &error) {
        if (error.isEmpty())
            return 0;
        err << "fleetwatch devices " << action << ": " << error << '\n';
        return 1;
    };
    // A change the login may not make is refused here, with the reason, before anything is
    // tried (the server would refuse it too: privileges and row-level security).
    const QString command = QStringLiteral("devices ") + action;
    AccessRights rights;
    if (action != u"list") {
        rights = db.capabilities();
        if (refuseUnless(rights, Right::EditDevices, command, err))
            return 1;
    }

    if (action == u"list") {
        const bool json = takeFlag(args, QStringLiteral("--json"));
        if (rejectLeftovers(args, QStringLiteral("devices list"), err))
            return 2;
        const QList<Device> devices = directory.devices();
        if (json) {
            QJsonArray list;
            for (const Device &d : devices)
                list.append(deviceJson(d));
            printJsonLine(out, QJsonObject { { QStringLiteral("devices"), list } });
        } else {
            for (const Device &d : devices)
                out << d.uniqueId << '\t' << d.name << '\t' << d.model << '\t' << d.protocol
                    << (d.blocked ? QStringLiteral("\tblocked") : QString()) << '\n';
        }
        return 0;
    }
    if (action == u"add") {
        Device d;
        if (const QString e = applyDeviceOptions(args, d); !e.isEmpty())
            return finish(e);
        if (rejectLeftovers(args, QStringLiteral("devices add"), err))
            return 2;
        if (d.uniqueId.isEmpty())
            return finish(CliTr::tr("--id is required"));
        if (refuseGroup(rights, d.group, command, err))
            return 1;
        const QString error = directory.addDevice(d);
        if (error.isEmpty())
            warnAboutId(d.uniqueId, err);
        return finish(error);
    }
    if (action == u"import") {
        if (args.size() != 1) {
            err << CliTr::tr("fleetwatch devices import FILE.csv\n");
            return 2;
        }
        QFile file(args.first());
        if (!file.open(QIODevice::ReadOnly))
            return finish(CliTr::tr("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        const DeviceCsvResult parsed = DeviceCsv::parse(file, &catalog);
        if (!parsed.ok())
            return finish(parsed.errorText());
        for (const Device &d : parsed.devices()) {
            if (refuseGroup(rights, d.group, command, err))
                return 1;
        }
        const QString error = directory.importDevices(parsed.devices());
        if (error.isEmpty() && !parsed.warnings.isEmpty())
            err << "fleetwatch devices import: " << parsed.warningText() << '\n';
        if (error.isEmpty())
            out << CliTr::tr("imported %1 devices\n").arg(parsed.devices().size());
        return finish(error);
    }
    if (args.isEmpty()) {
        err << "fleetwatch devices " << action << ": " << CliTr::tr("give a device id\n");
        return 2;
    }
    const QString id = args.takeFirst();
    if (rights.isLimited() && !db.findDevice(id)) // others' devices are not even visible
        return finish(CliTr::tr("no device with id %1 in the groups this login sees (%2)")
                          .arg(id, rights.groups.join(QStringLiteral(", "))));
    if (action == u"edit") {
        std::optional<Device> current = db.findDevice(id);
        if (!current)
            return finish(CliTr::tr("no device with id %1").arg(id));
        Device d = *current;
        if (const QString e = applyDeviceOptions(args, d); !e.isEmpty())
            return finish(e);
        if (rejectLeftovers(args, QStringLiteral("devices edit"), err))
            return 2;
        if (refuseGroup(rights, d.group, command, err))
            return 1;
        const QString error = directory.updateDevice(id, d);
        if (error.isEmpty() && d.uniqueId != id)
            warnAboutId(d.uniqueId, err);
        return finish(error);
    }
    if (action == u"block") {
        TimeMs until = kNoTime;
        if (!parseTimeOption(args, QStringLiteral("--until"), &until, err))
            return 2;
        if (rejectLeftovers(args, QStringLiteral("devices block"), err))
            return 2;
        return finish(directory.setBlocked(id, true, until));
    }
    if (action == u"unblock") {
        if (rejectLeftovers(args, QStringLiteral("devices unblock"), err))
            return 2;
        return finish(directory.setBlocked(id, false, kNoTime));
    }
    if (action == u"remove") {
        if (rejectLeftovers(args, QStringLiteral("devices remove"), err))
            return 2;
        return finish(directory.removeDevice(id));
    }
    err << CliTr::tr("fleetwatch devices: unknown action \"%1\"\n").arg(action);
    return 2;
}

int runStatus(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (rejectLeftovers(args, QStringLiteral("status"), err))
        return 2;
    SystemClock clock;
    const DeviceModelCatalog catalog;
    const FleetSettings settings = FleetSettingsStore::load(db);
    // The same FleetState the node and the window use, loaded from what is stored.
    FleetState fleet(&clock, &catalog, settings.status);
    fleet.load(db.devices(), db.activities());
    const QList<DeviceSnapshot> snapshots = fleet.snapshots();
    const std::array<int, kStatusCount> c = fleet.counts();
    const auto n = [&c](ConnectionStatus s) { return c[static_cast<std::size_t>(s)]; };
    const int notActivated = n(ConnectionStatus::JustRegistered)
        + n(ConnectionStatus::AwaitingFirstData) + n(ConnectionStatus::NeedsManualActivation);
    if (json) {
        QJsonObject counts { { QStringLiteral("online"), n(ConnectionStatus::Online) },
            { QStringLiteral("gpsOutdated"), n(ConnectionStatus::GpsOutdated) },
            { QStringLiteral("offline"), n(ConnectionStatus::Offline) },
            { QStringLiteral("blocked"), n(ConnectionStatus::Blocked) },
            { QStringLiteral("notActivated"), notActivated },
            { QStringLiteral("justRegistered"), n(ConnectionStatus::JustRegistered) },
            { QStringLiteral("awaitingFirstData"), n(ConnectionStatus::AwaitingFirstData) },
            { QStringLiteral("needsManualActivation"), n(ConnectionStatus::NeedsManualActivation) },
            { QStringLiteral("total"), fleet.deviceCount() } };
        QJsonArray devices;
        for (const DeviceSnapshot &s : snapshots) {
            QJsonObject d { { QStringLiteral("uniqueId"), s.device.uniqueId },
                { QStringLiteral("name"), s.device.name },
                { QStringLiteral("status"), statusId(s.status) },
                { QStringLiteral("reason"), s.reason.text() },
                { QStringLiteral("reasonId"), s.reason.id() } };
            d.insert(QStringLiteral("lastPacketAt"),
                s.activity.lastPacketAt == kNoTime ? QJsonValue()
                                                   : QJsonValue(toIso(s.activity.lastPacketAt)));
            d.insert(QStringLiteral("lastFixAt"),
                s.activity.lastFixAt == kNoTime ? QJsonValue()
                                                : QJsonValue(toIso(s.activity.lastFixAt)));
            if (s.activity.hasLocation) {
                d.insert(QStringLiteral("lat"), s.activity.latitude);
                d.insert(QStringLiteral("lon"), s.activity.longitude);
            } else {
                d.insert(QStringLiteral("lat"), QJsonValue());
                d.insert(QStringLiteral("lon"), QJsonValue());
            }
            devices.append(d);
        }
        printJsonLine(out,
            QJsonObject { { QStringLiteral("now"), toIso(clock.now()) },
                { QStringLiteral("counts"), counts }, { QStringLiteral("devices"), devices } });
        return 0;
    }
    out << CliTr::tr("Online %1, GPS outdated %2, Offline %3, Blocked %4, "
                     "Not activated %5, total %6\n")
               .arg(n(ConnectionStatus::Online))
               .arg(n(ConnectionStatus::GpsOutdated))
               .arg(n(ConnectionStatus::Offline))
               .arg(n(ConnectionStatus::Blocked))
               .arg(notActivated)
               .arg(fleet.deviceCount());
    for (const DeviceSnapshot &s : snapshots)
        out << s.device.uniqueId << '\t' << s.device.name << '\t' << statusId(s.status) << '\t'
            << s.reason.text() << '\n';
    return 0;
}

int runExport(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    const QString device = takeOption(args, QStringLiteral("--device"));
    TimeMs from = kNoTime, to = kNoTime;
    if (!parseTimeOption(args, QStringLiteral("--from"), &from, err)
        || !parseTimeOption(args, QStringLiteral("--to"), &to, err))
        return 2;
    const QString formatName = takeOption(args, QStringLiteral("--format"));
    ExportFormat format;
    if (!exportFormatFromName(formatName, &format)) {
        err << CliTr::tr("fleetwatch export: --format csv|gpx|geojson|kml is required\n");
        return 2;
    }
    if (rejectLeftovers(args, QStringLiteral("export"), err))
        return 2;
    out.flush();
    QFile stdoutFile;
    if (!stdoutFile.open(stdout, QIODevice::WriteOnly)) {
        err << CliTr::tr("fleetwatch export: cannot write to standard output\n");
        return 1;
    }
    TrackExporter exporter(&stdoutFile, format);
    exporter.begin();
    const auto add = [&exporter](const Position &p) {
        exporter.add(p);
        return true;
    };
    bool ok = true;
    if (format == ExportFormat::Csv || !device.isEmpty()) {
        ok = db.forEachPosition(device, from, to, add);
    } else {
        // GPX and GeoJSON hold one track per device, so a device's positions must come
        // together: device by device, each oldest first.
        for (const Device &d : db.devices()) {
            ok = db.forEachPosition(d.uniqueId, from, to, add);
            if (!ok)
                break;
        }
    }
    exporter.end();
    stdoutFile.flush();
    if (!ok) {
        err << "fleetwatch export: " << db.lastError() << '\n';
        return 1;
    }
    return 0;
}

int runEvents(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    Database db;
    if (!openDatabase(args, db, err))
        return 1;
    const QString device = takeOption(args, QStringLiteral("--device"));
    TimeMs from = kNoTime, to = kNoTime;
    if (!parseTimeOption(args, QStringLiteral("--from"), &from, err)
        || !parseTimeOption(args, QStringLiteral("--to"), &to, err))
        return 2;
    const bool json = takeFlag(args, QStringLiteral("--json"));
    if (rejectLeftovers(args, QStringLiteral("events"), err))
        return 2;
    const bool ok = db.forEachEvent(device, from, to, [&](const DeviceEvent &e) {
        if (json) {
            out << QJsonDocument(QJsonObject { { QStringLiteral("uniqueId"), e.uniqueId },
                                     { QStringLiteral("time"), toIso(e.time) },
                                     { QStringLiteral("type"), eventTypeId(e.type) },
                                     { QStringLiteral("text"), e.text },
                                     { QStringLiteral("attributes"), e.attributes.toJson() } })
                       .toJson(QJsonDocument::Compact)
                << '\n';
        } else {
            out << toIso(e.time) << '\t' << e.uniqueId << '\t' << eventTypeId(e.type) << '\t'
                << e.text << '\n';
        }
        return true;
    });
    if (!ok) {
        err << "fleetwatch events: " << db.lastError() << '\n';
        return 1;
    }
    return 0;
}

} // namespace fw::cli
