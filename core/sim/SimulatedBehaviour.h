#pragma once
// The behaviour model of the DeviceSimulator: what a simulated device does tick by tick (route,
// GPS gaps, lost coverage, silences, dropped connections, clock offsets) and the fixed tables the
// devices are drawn from. Pure and deterministic for a seed; the simulator turns the fixes into
// frames and connections, previewPositions() into positions.

#include "DeviceSimulator.h"
#include "SimulatedRoute.h"
#include "domain/Position.h"

#include <QString>
#include <QStringView>
#include <span>

namespace fw::sim {

// SplitMix64: eight bytes of state per device and the same sequence everywhere.
struct Rng
{
    quint64 s = 0;

    quint64 next()
    {
        quint64 z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    int range(int lo, int hi) // inclusive
    {
        return lo + static_cast<int>(next() % static_cast<quint64>(hi - lo + 1));
    }
    bool chance(int percent) { return percent > 0 && range(0, 99) < percent; }
};

// A seed derived from two others (the run's seed and a protocol, device, ...).
quint64 mix(quint64 a, quint64 b);

// Fixed per-protocol facts: table index (stable part of the ids), vehicle kind, top speed.
struct ProtocolTraits
{
    const char16_t *name;
    const char16_t *kind;
    const char16_t *tag;
    double maxSpeedKph;
};

int traitsIndex(QStringView protocol); // -1: no simulated device speaks it
const ProtocolTraits &protocolTraits(int index);

// The cities of defaultAreas(), with the dialling codes of the devices' phone numbers.
struct AreaInfo
{
    const char *name;
    double lat;
    double lon;
    const char *dialCode;
};

std::span<const AreaInfo> knownAreas();
std::span<const char *const> carriers(); // SIM card operators
const QString &gaspAlarm(int index); // Fix::alarm: the alarm sent with a last gasp

// One fix as the device recorded it (compact: no strings, no attributes).
struct Fix
{
    TimeMs deviceTime = kNoTime; // as claimed (clock offset)
    TimeMs trueTime = kNoTime;
    double lat = 0.0;
    double lon = 0.0;
    double speed = 0.0;
    double course = 0.0;
    float altitude = 0.0f;
    quint8 satellites = 0;
    bool valid = false;
    bool archive = false; // recorded while it could not send
    bool moving = false;
    bool lastGasp = false;
    qint8 alarm = -1; // index for gaspAlarm()
};

struct Behaviour
{
    bool heartbeat = false;
    bool gaps = false;
    bool buffered = false;
    bool reconnects = false;
    bool silent = false;
    bool lastGasp = false;
    int offsetHours = 0;
};

enum class NetAction : quint8 { None, GoDown, ComeUp, Bounce };

struct TickResult
{
    bool hasFix = false;
    bool heartbeat = false;
    NetAction net = NetAction::None;
    Fix fix;
};

// What a device does tick by tick: pure and deterministic (copied for previews).
struct Script
{
    Behaviour b;
    SimulatedRoute route;
    Rng rng;
    float altitude = 0.0f;
    double lastLat = 0.0;
    double lastLon = 0.0;
    bool hasLast = false;
    int gapLeft = 0;
    int gapIn = 0;
    int noCoverLeft = 0;
    int coverIn = 0;
    int silentLeft = 0;
    int silentIn = 0;
    int bounceIn = 0;

    TickResult tick(TimeMs now, int intervalMs);
};

// A device's script: its start in `area`, route, altitude and behaviours (the mix of `options`),
// drawn from `rng` in a fixed order.
Script drawScript(
    Rng &rng, const SimulatorArea &area, double maxSpeedKph, const SimulatorOptions &options);

// The fix as the server should store it.
Position toPosition(const QString &uniqueId, const QString &protocol, const Fix &f);

} // namespace fw::sim
