#include "NodeStatusReporter.h"

#include "DiagnosisWorker.h"

#include "fleet/FleetState.h"
#include "ingest/IngestServer.h"
#include "ingest/RawLog.h"
#include "protocols/ProtocolRegistry.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcNodeStatus, "fleetwatch.diagnostics", QtInfoMsg)

namespace fw {

namespace {
constexpr int kUndecodedQuery = 200; // newest undecoded frames looked at per refresh

QJsonValue timeValue(TimeMs t)
{
    return t == kNoTime ? QJsonValue() : QJsonValue(static_cast<qint64>(t));
}

TimeMs timeFrom(const QJsonValue &v)
{
    return v.isDouble() ? static_cast<TimeMs>(v.toDouble()) : kNoTime;
}

Transport transportFrom(const QString &id)
{
    if (id == u"udp")
        return Transport::Udp;
    if (id == u"http")
        return Transport::Http;
    return Transport::Tcp;
}

QJsonObject statsToJson(const IngestStats &s)
{
    return QJsonObject { { QStringLiteral("frames"), static_cast<qint64>(s.frames) },
        { QStringLiteral("positions"), static_cast<qint64>(s.positions) },
        { QStringLiteral("stored"), static_cast<qint64>(s.stored) },
        { QStringLiteral("unknown"), static_cast<qint64>(s.unknown) },
        { QStringLiteral("undecoded"), static_cast<qint64>(s.undecoded) },
        { QStringLiteral("blockedDropped"), static_cast<qint64>(s.blockedDropped) },
        { QStringLiteral("connections"), static_cast<qint64>(s.connections) },
        { QStringLiteral("eventsDropped"), static_cast<qint64>(s.eventsDropped) },
        { QStringLiteral("databaseHealthy"), s.databaseHealthy } };
}

} // namespace

NodeStatusReporter::NodeStatusReporter(IngestServer *server, FleetState *fleet,
    const ProtocolRegistry *registry, const DeviceModelCatalog *catalog, Clock *clock,
    QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_fleet(fleet)
    , m_registry(registry)
    , m_catalog(catalog)
    , m_clock(clock)
    , m_host(QSysInfo::machineHostName())
{
    qRegisterMetaType<QList<fw::Finding>>();
    if (m_host.isEmpty())
        m_host = QStringLiteral("localhost");
    m_timer.setInterval(kDefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        runSelfCheck();
        refresh();
    });
    m_soon.setSingleShot(true);
    connect(&m_soon, &QTimer::timeout, this, &NodeStatusReporter::refresh);
    // An unknown device may send many frames a second: one refresh soon, never more often
    // than kMinRefreshGapMs, however many sightings arrive.
    connect(m_server, &IngestServer::unknownDevice, this, [this] {
        if (m_soon.isActive() || !m_timer.isActive())
            return;
        const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : kMinRefreshGapMs;
        m_soon.start(int(std::clamp<qint64>(kMinRefreshGapMs - since, 300, kMinRefreshGapMs)));
    });
    m_workerThread.setObjectName(QStringLiteral("diagnosis"));
    m_worker = new DiagnosisWorker(m_registry);
    m_worker->moveToThread(&m_workerThread);
    connect(&m_workerThread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &DiagnosisWorker::finished, this, &NodeStatusReporter::takeResult);
    m_workerThread.start();
}

NodeStatusReporter::~NodeStatusReporter()
{
    m_workerThread.quit();
    m_workerThread.wait();
}

const QObject *NodeStatusReporter::worker() const
{
    return m_worker;
}

void NodeStatusReporter::setDatabaseConfig(const DatabaseConfig &config)
{
    DiagnosisWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, config] { worker->setDatabaseConfig(config); });
}

QString NodeStatusReporter::settingsKey(const QString &host)
{
    return QStringLiteral("node.") + host + QStringLiteral(".status");
}

void NodeStatusReporter::start()
{
    m_published = false;
    m_timer.start();
    runSelfCheck();
    refresh();
}

void NodeStatusReporter::stop()
{
    m_timer.stop();
    m_soon.stop();
    ++m_selfCheckId; // late results of a running check are ignored
    m_selfCheckPending = 0;
}

DiagnosisInput NodeStatusReporter::gather() const
{
    DiagnosisInput in;
    in.now = m_clock->now();
    in.devices = m_fleet->snapshots();
    in.listeners = m_server->listeners();
    in.listeners.removeIf([](const ListenerState &l) { return l.outbound; }); // not our ports
    in.unknown = m_server->unknownDevices();
    in.lastByteAt = m_server->lastByteAt();
    in.settings = m_fleet->settings();
    in.catalog = m_catalog;
    for (const ListenerState &l : std::as_const(in.listeners)) {
        if (const auto it = m_selfCheck.constFind(l.port); it != m_selfCheck.cend() && l.listening)
            in.selfCheck.insert(l.port, it.value());
    }
    if (const RawLog *log = m_server->rawLog()) {
        RawLogFilter filter;
        filter.outcome = FrameOutcome::Undecoded;
        in.recentUndecoded = log->query(filter, kUndecodedQuery);
    }
    return in;
}

void NodeStatusReporter::refresh()
{
    m_soon.stop();
    if (m_inFlight) {
        m_again = true; // once this round is back, with what is current then
        return;
    }
    m_sinceRefresh.start();
    m_input = gather();
    m_inFlight = true;
    const quint64 round = ++m_round;
    DiagnosisWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, round, input = m_input,
                                       stats = m_server->stats(), host = m_host,
                                       nodeId = m_nodeId] {
        worker->run(round, input, stats, host, nodeId);
    });
}

void NodeStatusReporter::takeResult(quint64 round, const QList<Finding> &findings,
                                    const QJsonObject &status, bool persisted)
{
    if (round != m_round)
        return;
    m_inFlight = false;
    m_findings = findings;
    m_status = status;
    const QByteArray findingsBytes
        = QJsonDocument(status.value(QStringLiteral("findings")).toArray())
              .toJson(QJsonDocument::Compact);
    if (!m_published || findingsBytes != m_lastFindingsJson) {
        m_published = true;
        m_lastFindingsJson = findingsBytes;
        emit findingsChanged(m_findings);
    }
    if (persisted) {
        ++m_writes;
        emit statusPersisted(m_status);
    }
    ++m_completed;
    if (std::exchange(m_again, false))
        refresh();
}

void NodeStatusReporter::runSelfCheck()
{
    if (m_selfCheckPending > 0)
        return;
    QList<ListenerState> listeners = m_server->listeners();
    listeners.removeIf([](const ListenerState &l) { return l.outbound; });
    const QHostAddress bind = m_server->config().bind;
    QHostAddress target = bind;
    if (bind == QHostAddress::Any || bind == QHostAddress::AnyIPv4 || bind.isNull())
        target = QHostAddress(QHostAddress::LocalHost);
    else if (bind == QHostAddress::AnyIPv6)
        target = QHostAddress(QHostAddress::LocalHostIPv6);
    const quint64 round = ++m_selfCheckId;
    m_selfCheckRound.clear();
    QList<quint16> ports;
    for (const ListenerState &l : listeners) {
        // UDP has no connection to test; a port that is not bound has nothing to test.
        if (l.listening && l.transport != Transport::Udp && !ports.contains(l.port))
            ports.append(l.port);
    }
    if (ports.isEmpty()) {
        m_selfCheck.clear();
        return;
    }
    m_selfCheckPending = int(ports.size());
    for (quint16 port : std::as_const(ports)) {
        auto *socket = new QTcpSocket(this);
        auto done = std::make_shared<bool>(false);
        const auto finish = [this, socket, round, port, done](bool ok) {
            if (*done)
                return;
            *done = true;
            socket->abort();
            socket->deleteLater();
            finishSelfCheck(round, port, ok);
        };
        connect(socket, &QTcpSocket::connected, this, [finish] { finish(true); });
        connect(socket, &QAbstractSocket::errorOccurred, this, [finish] { finish(false); });
        QTimer::singleShot(kSelfCheckTimeoutMs, socket, [finish] { finish(false); });
        socket->connectToHost(target, port);
    }
}

void NodeStatusReporter::finishSelfCheck(quint64 round, quint16 port, bool ok)
{
    if (round != m_selfCheckId)
        return;
    m_selfCheckRound.insert(port, ok);
    if (--m_selfCheckPending > 0)
        return;
    m_selfCheckPending = 0;
    const bool changed = m_selfCheckRound != m_selfCheck;
    m_selfCheck = m_selfCheckRound;
    if (changed && m_timer.isActive())
        refresh();
}

// ---------------------------------------------------------------------------------------------

QJsonObject NodeStatusReporter::statusJson(const QString &host, const DiagnosisInput &input,
    const IngestStats &stats, const QList<Finding> &findings)
{
    QJsonArray listeners;
    for (const ListenerState &l : input.listeners) {
        listeners.append(QJsonObject { { QStringLiteral("protocol"), l.protocol },
            { QStringLiteral("port"), l.port },
            { QStringLiteral("transport"), transportId(l.transport) },
            { QStringLiteral("listening"), l.listening }, { QStringLiteral("error"), l.error },
            { QStringLiteral("frames"), static_cast<qint64>(l.frames) },
            { QStringLiteral("decoded"), static_cast<qint64>(l.decoded) },
            { QStringLiteral("undecoded"), static_cast<qint64>(l.undecoded) },
            { QStringLiteral("lastByteAt"), timeValue(l.lastByteAt) } });
    }
    QJsonObject selfCheck;
    for (auto it = input.selfCheck.cbegin(); it != input.selfCheck.cend(); ++it)
        selfCheck.insert(QString::number(it.key()), it.value());
    QJsonArray unknown;
    for (const UnknownDeviceSighting &s : input.unknown) {
        if (unknown.size() >= 100)
            break;
        unknown.append(QJsonObject { { QStringLiteral("uniqueId"), s.uniqueId },
            { QStringLiteral("protocol"), s.protocol }, { QStringLiteral("peer"), s.peer },
            { QStringLiteral("port"), s.localPort },
            { QStringLiteral("lastSeen"), timeValue(s.lastSeen) },
            { QStringLiteral("frames"), static_cast<qint64>(s.frames) } });
    }
    // Newest samples, a few per port, so one noisy port does not crowd out the others.
    QJsonArray undecoded;
    QHash<quint16, int> perPort;
    for (qsizetype i = input.recentUndecoded.size() - 1; i >= 0; --i) {
        const RawFrame &f = input.recentUndecoded.at(i);
        if (undecoded.size() >= kMaxUndecodedSamples)
            break;
        if (++perPort[f.localPort] > 10)
            continue;
        undecoded.prepend(QJsonObject { { QStringLiteral("seq"), static_cast<qint64>(f.seq) },
            { QStringLiteral("time"), timeValue(f.time) }, { QStringLiteral("port"), f.localPort },
            { QStringLiteral("transport"), transportId(f.transport) },
            { QStringLiteral("protocol"), f.protocol }, { QStringLiteral("peer"), f.peer },
            { QStringLiteral("uniqueId"), f.uniqueId }, { QStringLiteral("textual"), f.textual },
            { QStringLiteral("hex"),
                QString::fromLatin1(
                    f.bytes.first(std::min<qsizetype>(f.bytes.size(), kMaxSampleBytes)).toHex()) },
            { QStringLiteral("detail"), f.detail.left(200) } });
    }
    QJsonArray findingArray;
    for (const Finding &f : findings)
        findingArray.append(findingToJson(f));
    return QJsonObject { { QStringLiteral("host"), host },
        { QStringLiteral("at"), input.now == kNoTime ? QString() : toIso(input.now) },
        { QStringLiteral("atMs"), timeValue(input.now) },
        { QStringLiteral("listeners"), listeners }, { QStringLiteral("selfCheck"), selfCheck },
        { QStringLiteral("unknown"), unknown }, { QStringLiteral("undecoded"), undecoded },
        { QStringLiteral("lastByteAt"), timeValue(input.lastByteAt) },
        { QStringLiteral("stats"), statsToJson(stats) },
        { QStringLiteral("findings"), findingArray } };
}

TimeMs NodeStatusReporter::mergeStatusJson(const QJsonObject &status, DiagnosisInput *input)
{
    const TimeMs at = timeFrom(status.value(QStringLiteral("atMs")));
    if (at == kNoTime || !status.value(QStringLiteral("listeners")).isArray())
        return kNoTime;
    for (const QJsonValue &v : status.value(QStringLiteral("listeners")).toArray()) {
        const QJsonObject o = v.toObject();
        ListenerState l;
        l.protocol = o.value(QStringLiteral("protocol")).toString();
        l.port = static_cast<quint16>(o.value(QStringLiteral("port")).toInt());
        l.transport = transportFrom(o.value(QStringLiteral("transport")).toString());
        l.listening = o.value(QStringLiteral("listening")).toBool();
        l.error = o.value(QStringLiteral("error")).toString();
        l.frames = static_cast<quint64>(o.value(QStringLiteral("frames")).toDouble());
        l.decoded = static_cast<quint64>(o.value(QStringLiteral("decoded")).toDouble());
        l.undecoded = static_cast<quint64>(o.value(QStringLiteral("undecoded")).toDouble());
        l.lastByteAt = timeFrom(o.value(QStringLiteral("lastByteAt")));
        input->listeners.append(l);
    }
    const QJsonObject self = status.value(QStringLiteral("selfCheck")).toObject();
    for (auto it = self.constBegin(); it != self.constEnd(); ++it) {
        const quint16 port = static_cast<quint16>(it.key().toUInt());
        // Several nodes on one port: it fails if it fails anywhere.
        const bool ok = it.value().toBool() && input->selfCheck.value(port, true);
        input->selfCheck.insert(port, ok);
    }
    for (const QJsonValue &v : status.value(QStringLiteral("unknown")).toArray()) {
        const QJsonObject o = v.toObject();
        UnknownDeviceSighting s;
        s.uniqueId = o.value(QStringLiteral("uniqueId")).toString();
        s.protocol = o.value(QStringLiteral("protocol")).toString();
        s.peer = o.value(QStringLiteral("peer")).toString();
        s.localPort = static_cast<quint16>(o.value(QStringLiteral("port")).toInt());
        s.lastSeen = timeFrom(o.value(QStringLiteral("lastSeen")));
        s.frames = static_cast<quint64>(o.value(QStringLiteral("frames")).toDouble());
        input->unknown.append(s);
    }
    for (const QJsonValue &v : status.value(QStringLiteral("undecoded")).toArray()) {
        const QJsonObject o = v.toObject();
        RawFrame f;
        f.seq = static_cast<quint64>(o.value(QStringLiteral("seq")).toDouble());
        f.time = timeFrom(o.value(QStringLiteral("time")));
        f.localPort = static_cast<quint16>(o.value(QStringLiteral("port")).toInt());
        f.transport = transportFrom(o.value(QStringLiteral("transport")).toString());
        f.protocol = o.value(QStringLiteral("protocol")).toString();
        f.peer = o.value(QStringLiteral("peer")).toString();
        f.uniqueId = o.value(QStringLiteral("uniqueId")).toString();
        f.textual = o.value(QStringLiteral("textual")).toBool();
        f.bytes = QByteArray::fromHex(o.value(QStringLiteral("hex")).toString().toLatin1());
        f.outcome = FrameOutcome::Undecoded;
        f.detail = o.value(QStringLiteral("detail")).toString();
        input->recentUndecoded.append(f);
    }
    const TimeMs lastByte = timeFrom(status.value(QStringLiteral("lastByteAt")));
    if (lastByte != kNoTime)
        input->lastByteAt
            = input->lastByteAt == kNoTime ? lastByte : std::max(input->lastByteAt, lastByte);
    return at;
}

} // namespace fw
