// Status engine at fleet scale: load 100,000 devices, then a wave in which every device changes
// status (all go online, then time passes and all go outdated and then offline), and the
// tracker's memory per device. Prints one JSON object per measurement.
#include "status/StatusTracker.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace fw;

namespace {
void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int devices = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    constexpr TimeMs start = 1'700'000'000'000;
    ManualClock clock(start);
    StatusTracker tracker(&clock);
    int transitions = 0;
    QObject::connect(&tracker, &StatusTracker::statusChanged, &tracker,
                     [&transitions] { ++transitions; });

    QElapsedTimer timer;
    timer.start();
    tracker.reserve(static_cast<std::size_t>(devices));
    std::vector<int> deviceSlots;
    deviceSlots.reserve(static_cast<std::size_t>(devices));
    for (int i = 0; i < devices; ++i) {
        StatusInputs in;
        in.registeredAt = start - kDay - i;
        in.lastPacketAt = start - 2 * kHour + i; // offline, restored from the database
        in.lastFixAt = in.lastPacketAt;
        in.offlineTimeout = (i % 7 == 0) ? 30 * kMinute : 0;
        deviceSlots.push_back(tracker.addDevice(in));
    }
    const double loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    print({ { QStringLiteral("bench"), QStringLiteral("status.load") },
            { QStringLiteral("devices"), devices },
            { QStringLiteral("ms"), loadMs },
            { QStringLiteral("targetMs"), 300 } });

    // Wave 1: a packet with a current fix from every device (offline -> online).
    transitions = 0;
    timer.restart();
    for (int i = 0; i < devices; ++i) {
        PacketObservation p;
        p.serverTime = start;
        p.kind = PacketKind::Position;
        p.validFix = true;
        p.fixTime = start - (i % 1000);
        tracker.recordPacket(deviceSlots[static_cast<std::size_t>(i)], p);
    }
    const double packetWaveMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    const int packetTransitions = transitions;
    print({ { QStringLiteral("bench"), QStringLiteral("status.wave.packets") },
            { QStringLiteral("devices"), devices },
            { QStringLiteral("transitions"), packetTransitions },
            { QStringLiteral("ms"), packetWaveMs },
            { QStringLiteral("targetMs"), 200 } });

    // Wave 2: time passes; every device's deadline expires (online -> gps-outdated).
    transitions = 0;
    timer.restart();
    clock.setNow(start + 5 * kMinute + 1000);
    const double deadlineWaveMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    print({ { QStringLiteral("bench"), QStringLiteral("status.wave.deadlines") },
            { QStringLiteral("devices"), devices },
            { QStringLiteral("transitions"), transitions },
            { QStringLiteral("ms"), deadlineWaveMs },
            { QStringLiteral("targetMs"), 200 } });

    print({ { QStringLiteral("bench"), QStringLiteral("status.memory") },
            { QStringLiteral("devices"), devices },
            { QStringLiteral("bytesPerDevice"),
              static_cast<double>(tracker.memoryBytes()) / devices },
            { QStringLiteral("targetBytes"), 512 } });
    return packetTransitions == devices && transitions == devices ? 0 : 1;
}
