#pragma once
// DeviceSimulator: a fleet of simulated trackers that connect to a FleetWatch server and behave
// like real ones (logins, routes, heartbeats, GPS gaps, buffered fixes, clock offsets, drops,
// last gasps), for --demo, tests and benchmarks. Event-driven on its own thread's event loop:
// one socket per device and one scheduler timer for all of them.

#include "domain/Device.h"
#include "domain/Position.h"

#include <QGeoCoordinate>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <memory>

namespace fw {

class Clock;

struct SimulatorArea
{
    QString name; // also the devices' group
    QGeoCoordinate centre;
    double radiusKm = 15.0;
};

enum class SimulatorMode {
    Interval, // every device reports every reportIntervalMs
    Rate, // positionsPerSecond over the whole fleet, spread evenly over devices
    Burst, // as fast as the server acknowledges, at most maxInFlight frames per connection
};

struct SimulatorOptions
{
    QString host = QStringLiteral("127.0.0.1");
    QHash<QString, quint16> ports; // protocol -> port; missing: defaultPortForProtocol()
    QStringList protocols; // empty: every simulated protocol
    int devicesPerProtocol = 10;
    quint64 seed = 1; // same seed, same ids, routes and behaviours
    // Ids: 15-digit IMEIs (Luhn-valid) starting with imeiPrefix (1..4 digits), then two
    // protocol digits and digits from the seed; APRS stations get callsigns like "FW1AB-9".
    QString imeiPrefix = QStringLiteral("86");
    QString callsignPrefix = QStringLiteral("FW"); // 1..2 letters
    int reportIntervalMs = 30000;
    // Simulated driving time per report (0 = the report interval): a time-lapse, so fast test
    // and benchmark runs still move the vehicles. Burst mode spaces fix times by it too.
    int routeStepMs = 0;
    QList<SimulatorArea> areas; // empty: DeviceSimulator::defaultAreas()
    bool teltonikaUdp = false;

    // Behaviour mix: percent of devices (0..100), drawn per device from the seed.
    int heartbeatPercent = 50; // heartbeat halfway between positions
    int gpsGapPercent = 10; // runs of invalid fixes now and then
    int bufferedPercent = 10; // loses coverage, then sends the stored (old) fixes
    int clockOffsetPercent = 5; // device clock off by whole hours
    int reconnectPercent = 10; // drops the connection now and then and reconnects
    int silentPercent = 5; // goes silent (offline) for a long while
    int lastGaspPercent = 3; // goes silent after a low battery / power cut alarm

    SimulatorMode mode = SimulatorMode::Interval;
    double positionsPerSecond = 100.0; // Rate mode
    int maxInFlight = 4; // frames awaiting an acknowledgement per connection
    int positionsPerDevice = 0; // 0 = unlimited; else finished() once all are done
    int ackTimeoutMs = 30000; // no ack for this long: reconnect and resend
    int reconnectDelayMs = 2000;
    int outboxLimit = 300; // fixes a device stores while it cannot send (oldest dropped)
    bool recordAcks = true; // keep the acknowledgedPositions() list
};

struct SimulatorStats
{
    qint64 framesSent = 0;
    qint64 positionsSent = 0; // resends included
    qint64 positionsAcknowledged = 0;
    qint64 positionsRejected = 0; // negative acknowledgements (count 0, HTTP 4xx)
    qint64 connectsOk = 0;
    qint64 connectErrors = 0;
    qint64 disconnects = 0;
    qint64 connected = 0; // connections open now
};

struct AckedPosition
{
    QString uniqueId;
    TimeMs deviceTime = kNoTime;
    double latitude = 0.0;
    double longitude = 0.0;

    bool operator==(const AckedPosition &o) const = default;
};

class DeviceSimulator : public QObject
{
    Q_OBJECT
public:
    using Options = SimulatorOptions;
    using Stats = SimulatorStats;

    // `clock` (not owned) gives the device times; nullptr: the system clock.
    explicit DeviceSimulator(const Options &options, Clock *clock = nullptr,
                             QObject *parent = nullptr);
    ~DeviceSimulator() override;

    const Options &options() const;
    // Every simulated device, for registering them. Fixed at construction; any thread.
    QList<Device> devices() const;
    quint16 portFor(const QString &protocol) const;

    // What device `index` (into devices()) would record over `ticks` report intervals from
    // `start`, with its behaviours: deviceTime is what the device claims (clock offset, whole
    // seconds), serverTime the true time of the tick; attributes carry alarm/archive/lastGasp.
    // Silent ticks record nothing. Pure; the same for the same seed.
    QList<Position> previewPositions(int index, int ticks, TimeMs start) const;

    // Thread-safe.
    Stats stats() const;
    QList<AckedPosition> acknowledgedPositions() const;
    QList<AckedPosition> takeAcknowledgedPositions();
    bool isRunning() const;

    static QList<SimulatorArea> defaultAreas();
    // 14 digits + the Luhn check digit.
    static QString withLuhnDigit(QStringView fourteenDigits);

public slots:
    void start(); // call on the thread the simulator lives on
    void stop();

signals:
    void started();
    void stopped();
    // positionsPerDevice > 0: every device sent its positions and (where the protocol
    // acknowledges data) got them acknowledged.
    void finished();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace fw
