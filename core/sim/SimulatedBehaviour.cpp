#include "SimulatedBehaviour.h"

#include <cmath>
#include <iterator>

namespace fw::sim {

namespace {

constexpr ProtocolTraits kTraits[] = {
    { u"osmand", u"Phone", u"OSM", 60 },
    { u"gt06", u"Van", u"GT", 100 },
    { u"teltonika", u"Truck", u"TEL", 90 },
    { u"h02", u"Car", u"H02", 120 },
    { u"gps103", u"Car", u"TK", 110 },
    { u"watch", u"Watch", u"WCH", 6 },
    { u"jt808", u"Bus", u"JT", 60 },
    { u"nmea", u"Boat", u"NMEA", 30 },
    { u"aprs", u"Rover", u"APRS", 50 },
    { u"tk103", u"Car", u"TK1", 110 },
    { u"wialon", u"Truck", u"WLN", 90 },
    { u"xexun", u"Car", u"XX", 110 },
    { u"tlt2h", u"Van", u"MT", 100 },
    { u"meitrack", u"Truck", u"MEI", 90 },
    { u"eelink", u"Pet", u"EEL", 20 },
    { u"suntech", u"Truck", u"ST", 90 },
    { u"gl200", u"Van", u"QL", 100 },
    { u"castel", u"Car", u"IDD", 110 },
    { u"t800x", u"Van", u"TLW", 100 },
    { u"ruptela", u"Truck", u"RUP", 90 },
    { u"galileo", u"Car", u"GAL", 110 },
};

constexpr AreaInfo kAreas[] = {
    { "London", 51.5074, -0.1278, "44" },
    { "Paris", 48.8566, 2.3522, "33" },
    { "Berlin", 52.5200, 13.4050, "49" },
    { "Madrid", 40.4168, -3.7038, "34" },
    { "Rome", 41.9028, 12.4964, "39" },
    { "Warsaw", 52.2297, 21.0122, "48" },
    { "Stockholm", 59.3293, 18.0686, "46" },
    { "Istanbul", 41.0082, 28.9784, "90" },
    { "Dubai", 25.2048, 55.2708, "971" },
    { "Mumbai", 19.0760, 72.8777, "91" },
    { "Bangkok", 13.7563, 100.5018, "66" },
    { "Singapore", 1.3521, 103.8198, "65" },
    { "Shanghai", 31.2304, 121.4737, "86" },
    { "Seoul", 37.5665, 126.9780, "82" },
    { "Tokyo", 35.6762, 139.6503, "81" },
};

const char *const kCarriers[] = { "Vodafone", "Orange", "T-Mobile", "Telefonica", "TIM", "Turkcell",
    "Airtel", "AIS", "Singtel", "China Mobile", "SK Telecom", "NTT Docomo", "1NCE" };

const QString *const kGaspAlarms[] = { &alarm::lowBattery, &alarm::powerCut };
constexpr int kOffsets[] = { 1, 2, 3, 5, 8, -1, -3, -5 };

} // namespace

quint64 mix(quint64 a, quint64 b)
{
    Rng r { a * 0x100000001b3ULL ^ b };
    return r.next();
}

int traitsIndex(QStringView protocol)
{
    for (int i = 0; i < int(std::size(kTraits)); ++i) {
        if (protocol == QStringView(kTraits[i].name))
            return i;
    }
    return -1;
}

const ProtocolTraits &protocolTraits(int index)
{
    return kTraits[index];
}

std::span<const AreaInfo> knownAreas()
{
    return kAreas;
}

std::span<const char *const> carriers()
{
    return kCarriers;
}

const QString &gaspAlarm(int index)
{
    return *kGaspAlarms[index];
}

TickResult Script::tick(TimeMs now, int intervalMs)
{
    TickResult r;
    const RoutePoint rp = route.step(intervalMs / 1000.0);
    if (silentLeft > 0) {
        if (--silentLeft > 0)
            return r; // switched off
        r.net = NetAction::ComeUp;
    }
    Fix &f = r.fix;
    f.trueTime = now;
    f.deviceTime = now / 1000 * 1000 + b.offsetHours * kHour;
    f.lat = rp.coordinate.latitude();
    f.lon = rp.coordinate.longitude();
    f.speed = std::round(rp.speedKph * 10.0) / 10.0;
    f.course = std::round(rp.course);
    f.moving = rp.moving;
    f.altitude = altitude;
    f.valid = true;
    f.satellites = static_cast<quint8>(rng.range(5, 12));
    bool invalid = false;
    if (b.gaps) {
        if (gapLeft > 0) {
            --gapLeft;
            invalid = true;
        } else if (--gapIn <= 0) {
            gapLeft = rng.range(1, 4);
            gapIn = rng.range(8, 20);
            invalid = true;
        }
    }
    if (invalid) {
        f.valid = false;
        f.satellites = 0;
        f.speed = 0.0;
        if (hasLast) {
            f.lat = lastLat;
            f.lon = lastLon;
        }
    } else {
        lastLat = f.lat;
        lastLon = f.lon;
        hasLast = true;
    }
    r.hasFix = true;
    r.heartbeat = b.heartbeat;
    if (noCoverLeft > 0) {
        r.heartbeat = false;
        if (--noCoverLeft == 0)
            r.net = NetAction::ComeUp;
        else
            f.archive = true;
        return r;
    }
    if (r.net == NetAction::ComeUp)
        return r;
    if (b.buffered && --coverIn <= 0) {
        coverIn = rng.range(10, 25);
        noCoverLeft = rng.range(3, 8);
        f.archive = true;
        r.heartbeat = false;
        r.net = NetAction::GoDown;
        return r;
    }
    if (b.silent && --silentIn <= 0) {
        silentIn = rng.range(15, 40);
        silentLeft = rng.range(20, 60);
        r.heartbeat = false;
        r.net = NetAction::GoDown;
        if (b.lastGasp) {
            f.alarm = static_cast<qint8>(rng.range(0, 1));
            f.lastGasp = true;
        }
        return r;
    }
    if (b.reconnects && --bounceIn <= 0) {
        bounceIn = rng.range(6, 15);
        r.net = NetAction::Bounce;
    }
    return r;
}

Script drawScript(
    Rng &rng, const SimulatorArea &area, double maxSpeedKph, const SimulatorOptions &options)
{
    Script s;
    const double dist = area.radiusKm * 1000.0 * std::sqrt(rng.uniform()) * 0.7;
    const QGeoCoordinate start = area.centre.atDistanceAndAzimuth(dist, rng.uniform() * 360.0);
    s.route = SimulatedRoute(
        start, area.centre, area.radiusKm, rng.next(), maxSpeedKph * (0.8 + 0.2 * rng.uniform()));
    s.altitude = float(20 + rng.range(0, 300));
    const bool full = options.mode != SimulatorMode::Burst;
    s.b.heartbeat = full && rng.chance(options.heartbeatPercent);
    s.b.gaps = rng.chance(options.gpsGapPercent);
    s.b.buffered = full && rng.chance(options.bufferedPercent);
    if (rng.chance(options.clockOffsetPercent))
        s.b.offsetHours = kOffsets[rng.range(0, int(std::size(kOffsets)) - 1)];
    s.b.reconnects = full && rng.chance(options.reconnectPercent);
    s.b.lastGasp = full && rng.chance(options.lastGaspPercent);
    s.b.silent = s.b.lastGasp || (full && rng.chance(options.silentPercent));
    s.gapIn = rng.range(3, 20);
    s.coverIn = rng.range(4, 25);
    s.silentIn = rng.range(5, 30);
    s.bounceIn = rng.range(3, 15);
    s.rng = Rng { rng.next() };
    return s;
}

Position toPosition(const QString &uniqueId, const QString &protocol, const Fix &f)
{
    Position p;
    p.uniqueId = uniqueId;
    p.protocol = protocol;
    p.deviceTime = f.deviceTime;
    p.serverTime = f.trueTime;
    p.valid = f.valid;
    p.latitude = f.lat;
    p.longitude = f.lon;
    p.altitude = f.altitude;
    p.speedKph = f.speed;
    p.course = f.course;
    p.satellites = f.satellites;
    p.attributes.set(attr::ignition, f.moving || f.speed > 0);
    if (f.archive)
        p.attributes.set(attr::archive, true);
    if (f.alarm >= 0)
        p.attributes.set(attr::alarm, gaspAlarm(f.alarm));
    if (f.lastGasp)
        p.attributes.set(attr::lastGasp, true);
    return p;
}

} // namespace fw::sim
