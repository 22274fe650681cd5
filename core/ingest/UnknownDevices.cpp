#include "UnknownDevices.h"

#include "fleet/DeviceDirectory.h"
#include "fleet/FleetState.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcUnknown, "fleetwatch.ingest.unknown", QtInfoMsg)

namespace fw {

const UnknownDeviceSighting *UnknownDevices::sighted(const QString &uniqueId,
    const QString &protocol, const QString &peer, quint16 localPort, TimeMs now)
{
    auto it = m_sightings.find(uniqueId);
    if (it == m_sightings.end()) {
        if (m_sightings.size() >= kMaxTracked)
            return nullptr;
        it = m_sightings.insert(uniqueId, UnknownDeviceSighting {});
        it->uniqueId = uniqueId;
    }
    it->protocol = protocol;
    it->peer = peer;
    it->localPort = localPort;
    it->lastSeen = now;
    ++it->frames;
    return &it.value();
}

bool UnknownDevices::registerDevice(FleetState *fleet, DeviceDirectory *directory,
    const QString &uniqueId, const QString &protocol, const QString &peer, TimeMs now)
{
    Device d;
    d.uniqueId = uniqueId;
    d.name = uniqueId;
    d.protocol = protocol;
    d.registeredAt = now;
    const QString error = directory ? directory->addDevice(d) : QString();
    if (!error.isEmpty()) {
        qCWarning(lcUnknown).noquote() << "could not register" << uniqueId << ":" << error;
        return false;
    }
    if (fleet->access(uniqueId) == DeviceAccess::Unknown)
        fleet->addOrUpdateDevice(d);
    qCInfo(lcUnknown).noquote() << "registered unknown device" << uniqueId << "from" << peer;
    return true;
}

} // namespace fw
