#include "DemoFleet.h"

namespace fw {

namespace {
Device device(const char *id, const char *name, const char *model, const char *group,
              TimeMs registeredAt)
{
    Device d;
    d.uniqueId = QString::fromLatin1(id);
    d.name = QString::fromUtf8(name);
    d.model = QString::fromUtf8(model);
    d.group = QString::fromUtf8(group);
    d.registeredAt = registeredAt;
    d.phone = QStringLiteral("+4915100000") + d.uniqueId.right(3);
    return d;
}

DeviceActivity seen(const QString &id, TimeMs at, double lat, double lon, const char *protocol)
{
    DeviceActivity a;
    a.uniqueId = id;
    a.lastPacketAt = at;
    a.lastFixAt = at;
    a.lastFixReceivedAt = at;
    a.lastPositionAt = at;
    a.latitude = lat;
    a.longitude = lon;
    a.hasLocation = true;
    a.protocol = QString::fromLatin1(protocol);
    return a;
}
} // namespace

SimulatorOptions DemoFleet::simulatorOptions(const QHash<QString, quint16> &ports,
                                             int devicesPerProtocol, int positionsPerSecond)
{
    SimulatorOptions o;
    o.host = QStringLiteral("127.0.0.1");
    o.ports = ports;
    o.protocols = ports.keys();
    o.protocols.sort();
    o.devicesPerProtocol = devicesPerProtocol;
    o.reportIntervalMs = 5000;
    o.seed = 2026;
    if (positionsPerSecond > 0) {
        o.mode = SimulatorMode::Rate;
        o.positionsPerSecond = positionsPerSecond;
    }
    return o;
}

QList<Device> DemoFleet::extraDevices(TimeMs now)
{
    Device blockedUntil = device("900000000000019", "Rental car 3", "Concox GT06N", "Rentals",
                                 now - 30 * kDay);
    blockedUntil.blocked = true;
    blockedUntil.blockedUntil = now + 7 * kDay;
    Device blockedForever = device("900000000000027", "Retired tracker", "Coban TK103-2B",
                                   "Rentals", now - 300 * kDay);
    blockedForever.blocked = true;
    return {
        device("900000000000035", "Depot van 7", "Concox GT06N", "Depot", now - 60 * kDay),
        device("900000000000043", "Trailer 12", "Teltonika FMB920", "Trailers", now - 90 * kDay),
        blockedUntil,
        blockedForever,
        device("900000000000050", "New van (just registered)", "Teltonika FMB920", "Depot", now),
        device("900000000000068", "Spare unit", "Concox GT06N", "Depot", now - kHour),
        device("900000000000076", "Bus 44 (needs set-up)", "JT808 generic", "Buses",
               now - 2 * kHour),
    };
}

QList<DeviceActivity> DemoFleet::extraActivities(TimeMs now)
{
    DeviceActivity gasp = seen(QStringLiteral("900000000000035"), now - 3 * kHour, 52.4064,
                               16.9252, "gt06");
    gasp.lastGasp = true; // it announced low battery before going silent
    DeviceActivity trailer = seen(QStringLiteral("900000000000043"), now - kDay, 50.0647,
                                  19.945, "teltonika");
    trailer.connectionEnd = ConnectionEnd::TimedOut;
    return { gasp, trailer,
             seen(QStringLiteral("900000000000019"), now - 2 * kDay, 52.52, 13.405, "gt06"),
             seen(QStringLiteral("900000000000027"), now - 40 * kDay, 48.8566, 2.3522, "gps103") };
}

} // namespace fw
