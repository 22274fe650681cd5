#pragma once
// DeviceTombstones: removed devices in a shared deployment. A removal deletes the device's row,
// so there is nothing left to stamp with the change sequence; instead the removal takes a change
// number of its own and leaves the id and its group in `removed_devices` (migrations 8, 9), and followers (a
// connected window, `fleetwatch watch`) read "removed after S" like any other change. SQLite
// has no followers: nothing is written there.

#include <QStringList>

#include <optional>

namespace fw {

class Database;

class DeviceTombstones
{
public:
    explicit DeviceTombstones(Database &db);

    QString lastError() const { return m_error; }
    // Inside the removing transaction, while the device's row still says its group: numbers the
    // change and records the id with that group (PostgreSQL).
    bool record(qint64 deviceId, const QString &uniqueId, qint64 removedAt);
    // The ids removed by the change groups after..upTo, in change order.
    std::optional<QStringList> removedBetween(qint64 after, qint64 upTo);

private:
    Database &m_db;
    QString m_error;
};

} // namespace fw
