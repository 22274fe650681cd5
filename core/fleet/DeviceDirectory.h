#pragma once
// DeviceDirectory: the operations an operator performs on registered devices (register, edit,
// block, remove, import). The window and the command line call this interface; the real
// implementation writes the database and tells the live FleetState, tests may use a fake.
// Every method returns an empty string on success or a clear, translated error.

#include "domain/Device.h"

#include <QList>
#include <QString>

namespace fw {

class DeviceDirectory
{
public:
    virtual ~DeviceDirectory() = default;

    virtual QList<Device> devices() const = 0;
    virtual QString addDevice(const Device &device) = 0; // registeredAt is set if empty
    // `uniqueId` is the current id; device.uniqueId may differ (identity replacement).
    virtual QString updateDevice(const QString &uniqueId, const Device &device) = 0;
    virtual QString removeDevice(const QString &uniqueId) = 0;
    virtual QString importDevices(const QList<Device> &devices) = 0; // all or nothing
    virtual QString setBlocked(const QString &uniqueId, bool blocked, TimeMs until) = 0;

    // The device's own password for SMS/GPRS commands, read where it is kept (the window's
    // snapshots never carry it); empty when none is set or the device is unknown.
    virtual QString devicePassword(const QString &uniqueId) const = 0;
};

} // namespace fw
