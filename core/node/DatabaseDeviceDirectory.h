#pragma once
// DatabaseDeviceDirectory: the real DeviceDirectory. Validates an operator's change, writes it to
// the database (its own connection, on the caller's thread; device edits are rare) and then tells
// the live FleetState (possibly on the ingest thread) so statuses follow immediately.

#include "fleet/DeviceDirectory.h"

#include <QPointer>

#include <functional>

namespace fw {

class Clock;
class Database;
class DeviceModelCatalog;
class FleetState;

class DatabaseDeviceDirectory final : public DeviceDirectory
{
public:
    // A database error in the operator's words when the server refused the change for this
    // login's rights (PostgreSQL "permission denied" or row-level security); else unchanged.
    static QString refusalText(const QString &databaseError);

    DatabaseDeviceDirectory(Database *database, Clock *clock, const DeviceModelCatalog *catalog,
                            FleetState *fleet = nullptr);

    void setFleet(FleetState *fleet) { m_fleet = fleet; }

    // Where the bulky part of a removal runs (the desktop: the database writer's thread, a
    // chunk at a time, reporting how it ended). Without one, removeDevice() deletes here, in
    // chunks, before it returns (the command line).
    using Removal = std::function<void(const QString &uniqueId)>;
    void setBackgroundRemoval(Removal removal) { m_removal = std::move(removal); }

    QList<Device> devices() const override;
    QString addDevice(const Device &device) override;
    QString updateDevice(const QString &uniqueId, const Device &device) override;
    QString removeDevice(const QString &uniqueId) override;
    QString importDevices(const QList<Device> &devices) override;
    QString setBlocked(const QString &uniqueId, bool blocked, TimeMs until) override;
    QString devicePassword(const QString &uniqueId) const override;

    // Checks one device's fields (id format, name, model known); empty when valid.
    QString validate(const Device &device) const;

private:
    // The name falls back to the id, the protocol to the model's.
    Device withDefaults(Device d) const;
    void notifyFleet(const Device &device, const QString &previousUniqueId);

    Database *m_database;
    Clock *m_clock;
    const DeviceModelCatalog *m_catalog;
    QPointer<FleetState> m_fleet;
    Removal m_removal;
};

} // namespace fw
