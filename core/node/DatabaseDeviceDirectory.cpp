#include "DatabaseDeviceDirectory.h"
#include "NodeTr.h"

#include "fleet/FleetState.h"
#include "domain/DeviceModelCatalog.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QSet>

namespace fw {

QString DatabaseDeviceDirectory::refusalText(const QString &databaseError)
{
    if (!databaseError.contains(QLatin1String("permission denied"), Qt::CaseInsensitive)
        && !databaseError.contains(QLatin1String("row-level security"), Qt::CaseInsensitive))
        return databaseError;
    return NodeTr::tr("the FleetWatch server refused the change: this login may not change "
                      "devices (%1)")
        .arg(databaseError);
}

DatabaseDeviceDirectory::DatabaseDeviceDirectory(Database *database, Clock *clock,
                                                 const DeviceModelCatalog *catalog,
                                                 FleetState *fleet)
    : m_database(database)
    , m_clock(clock)
    , m_catalog(catalog)
    , m_fleet(fleet)
{
}

QList<Device> DatabaseDeviceDirectory::devices() const
{
    return m_database->devices();
}

QString DatabaseDeviceDirectory::devicePassword(const QString &uniqueId) const
{
    // One row by primary key on the directory's own connection (a WAL reader never waits for
    // the writer).
    const std::optional<Device> d = m_database->findDevice(uniqueId);
    return d ? d->password : QString();
}

QString DatabaseDeviceDirectory::validate(const Device &d) const
{
    if (!isAcceptableUniqueId(d.uniqueId))
        return NodeTr::tr("\"%1\" is not a usable unique id (1-64 characters, no spaces or commas)")
            .arg(d.uniqueId);
    if (d.name.trimmed().isEmpty())
        return NodeTr::tr("a device needs a name");
    if (!d.model.isEmpty() && m_catalog && !m_catalog->find(d.model))
        return NodeTr::tr("unknown model \"%1\"")
            .arg(d.model);
    if (d.offlineTimeoutSecs < 0)
        return NodeTr::tr("the offline timeout cannot be negative");
    return {};
}

void DatabaseDeviceDirectory::notifyFleet(const Device &device, const QString &previousUniqueId)
{
    if (!m_fleet)
        return;
    FleetState *fleet = m_fleet;
    QMetaObject::invokeMethod(fleet, [fleet, device, previousUniqueId] {
        fleet->addOrUpdateDevice(device, previousUniqueId);
    });
}

Device DatabaseDeviceDirectory::withDefaults(Device d) const
{
    if (d.name.trimmed().isEmpty())
        d.name = d.uniqueId;
    if (d.protocol.isEmpty() && m_catalog) {
        if (const DeviceModel *m = m_catalog->find(d.model))
            d.protocol = m->protocol;
    }
    return d;
}

QString DatabaseDeviceDirectory::addDevice(const Device &device)
{
    Device d = withDefaults(device);
    if (const QString error = validate(d); !error.isEmpty())
        return error;
    if (d.registeredAt == kNoTime)
        d.registeredAt = m_clock->now();
    if (m_database->findDevice(d.uniqueId))
        return NodeTr::tr("a device with id %1 is already registered")
            .arg(d.uniqueId);
    if (!m_database->addDevice(d))
        return refusalText(m_database->lastError());
    notifyFleet(d, {});
    return {};
}

QString DatabaseDeviceDirectory::updateDevice(const QString &uniqueId, const Device &device)
{
    const std::optional<Device> current = m_database->findDevice(uniqueId);
    if (!current)
        return NodeTr::tr("no device with id %1")
            .arg(uniqueId);
    Device d = device;
    if (d.name.trimmed().isEmpty())
        d.name = current->name;
    if (const QString error = validate(d); !error.isEmpty())
        return error;
    if (d.uniqueId != uniqueId) {
        if (m_database->findDevice(d.uniqueId))
            return NodeTr::tr("a device with id %1 is already registered")
                .arg(d.uniqueId);
        d.registeredAt = m_clock->now(); // identity replaced: registration starts again
    } else {
        d.registeredAt = current->registeredAt;
    }
    if (d.password.isEmpty())
        d.password = current->password;
    if (!m_database->updateDevice(uniqueId, d))
        return refusalText(m_database->lastError());
    notifyFleet(d, uniqueId);
    return {};
}

QString DatabaseDeviceDirectory::removeDevice(const QString &uniqueId)
{
    if (!m_database->findDevice(uniqueId))
        return NodeTr::tr("no device with id %1")
            .arg(uniqueId);
    if (!m_removal && !m_database->removeDevice(uniqueId))
        return refusalText(m_database->lastError());
    // The fleet forgets it at once (the list, the map, ingest); its stored data may take longer.
    if (m_fleet) {
        FleetState *fleet = m_fleet;
        QMetaObject::invokeMethod(fleet, [fleet, uniqueId] { fleet->removeDevice(uniqueId); });
    }
    if (m_removal)
        m_removal(uniqueId);
    return {};
}

QString DatabaseDeviceDirectory::importDevices(const QList<Device> &devices)
{
    QList<Device> prepared;
    prepared.reserve(devices.size());
    QSet<QString> seen;
    const TimeMs now = m_clock->now();
    for (qsizetype i = 0; i < devices.size(); ++i) {
        Device d = withDefaults(devices.at(i));
        if (const QString error = validate(d); !error.isEmpty())
            return NodeTr::tr("device %1: %2")
                .arg(i + 1)
                .arg(error);
        if (seen.contains(d.uniqueId) || m_database->findDevice(d.uniqueId))
            return NodeTr::tr("device %1: id %2 is already registered")
                .arg(i + 1)
                .arg(d.uniqueId);
        seen.insert(d.uniqueId);
        if (d.registeredAt == kNoTime)
            d.registeredAt = now;
        prepared.append(d);
    }
    if (!m_database->importDevices(prepared))
        return refusalText(m_database->lastError());
    for (const Device &d : std::as_const(prepared))
        notifyFleet(d, {});
    return {};
}

QString DatabaseDeviceDirectory::setBlocked(const QString &uniqueId, bool blocked, TimeMs until)
{
    const std::optional<Device> current = m_database->findDevice(uniqueId);
    if (!current)
        return NodeTr::tr("no device with id %1")
            .arg(uniqueId);
    Device d = *current;
    d.blocked = blocked;
    d.blockedUntil = blocked ? until : kNoTime;
    if (!m_database->updateDevice(uniqueId, d))
        return refusalText(m_database->lastError());
    notifyFleet(d, uniqueId);
    return {};
}

} // namespace fw
