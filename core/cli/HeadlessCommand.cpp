// `fleetwatch --headless`: an ingest node without a window. Listens, stores, prints stats lines,
// and on SIGINT/SIGTERM stops accepting, flushes every accepted position and exits 0.
#include "Arguments.h"
#include "JsonLine.h"
#include "CliTr.h"
#include "StorageCommands.h"
#include "domain/DeviceModelCatalog.h"
#include "node/DatabaseDeviceDirectory.h"
#include "fleet/FleetSettings.h"
#include "node/FleetSettingsStore.h"
#include "fleet/FleetState.h"
#include "node/AlertNotifier.h"
#include "node/CommandQueueRunner.h"
#include "node/DeviceEditFollower.h"
#include "node/IngestNode.h"
#include "node/NodeStatusReporter.h"
#include "ingest/IngestServer.h"
#include "ingest/RawLog.h"
#include "commands/SmsSender.h"
#include "protocols/ProtocolRegistry.h"
#include "storage/ChangeSnapshot.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/PositionWriter.h"
#include "util/Clock.h"
#include "util/SecretStore.h"
#include "util/TerminationWatcher.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSysInfo>
#include <QTimer>

#include <memory>

namespace fw::cli {

namespace {
QJsonObject statsJson(const IngestStats &s)
{
    return QJsonObject { { QStringLiteral("frames"), static_cast<qint64>(s.frames) },
                         { QStringLiteral("positions"), static_cast<qint64>(s.positions) },
                         { QStringLiteral("stored"), static_cast<qint64>(s.stored) },
                         { QStringLiteral("unknown"), static_cast<qint64>(s.unknown) },
                         { QStringLiteral("undecoded"), static_cast<qint64>(s.undecoded) },
                         { QStringLiteral("blockedDropped"),
                           static_cast<qint64>(s.blockedDropped) },
                         { QStringLiteral("connections"), static_cast<qint64>(s.connections) },
                         { QStringLiteral("connectionsPeak"),
                           static_cast<qint64>(s.connectionsPeak) },
                         { QStringLiteral("pendingWrites"), static_cast<qint64>(s.pendingWrites) },
                         { QStringLiteral("eventsWaiting"), static_cast<qint64>(s.eventsWaiting) },
                         { QStringLiteral("eventsDropped"), static_cast<qint64>(s.eventsDropped) },
                         { QStringLiteral("databaseHealthy"), s.databaseHealthy } };
}

bool readSeconds(QStringList &args, const QString &name, TimeMs *out, QTextStream &err)
{
    bool present = false;
    const QString v = takeOption(args, name, &present);
    if (!present)
        return true;
    bool ok = false;
    const qint64 secs = v.toLongLong(&ok);
    if (!ok || secs <= 0) {
        err << CliTr::tr("fleetwatch: %1 needs a positive number of "
                                                      "seconds, got \"%2\"\n")
                   .arg(name, v);
        return false;
    }
    *out = secs * kSecond;
    return true;
}
// Like readSeconds, but 0 is allowed (and kept as kNoTime when absent).
bool readSecondsOrZero(QStringList &args, const QString &name, TimeMs *out, QTextStream &err)
{
    bool present = false;
    const QString v = takeOption(args, name, &present);
    if (!present)
        return true;
    bool ok = false;
    const qint64 secs = v.toLongLong(&ok);
    if (!ok || secs < 0) {
        err << CliTr::tr("fleetwatch: %1 needs a number of seconds, got \"%2\"\n").arg(name, v);
        return false;
    }
    *out = secs * kSecond;
    return true;
}
} // namespace

int runHeadless(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QStringList args = arguments;
    takeFlag(args, QStringLiteral("--headless"));
    // --config FILE: an INI file with the same option names ([headless] listen=..., db=...).
    bool hasConfig = false;
    const QString configFile = takeOption(args, QStringLiteral("--config"), &hasConfig);
    if (hasConfig) {
        const QSettings ini(configFile, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError) {
            err << CliTr::tr("fleetwatch: cannot read %1\n")
                       .arg(configFile);
            return 2;
        }
        const auto fromIni = [&](const QString &key, const QString &option) {
            if (!args.contains(option) && ini.contains(key))
                args << option << ini.value(key).toString();
        };
        fromIni(QStringLiteral("headless/db"), QStringLiteral("--db"));
        fromIni(QStringLiteral("headless/bind"), QStringLiteral("--bind"));
        fromIni(QStringLiteral("headless/gps-freshness"), QStringLiteral("--gps-freshness"));
        fromIni(QStringLiteral("headless/offline-timeout"), QStringLiteral("--offline-timeout"));
        fromIni(QStringLiteral("headless/stats-interval"), QStringLiteral("--stats-interval"));
        fromIni(QStringLiteral("headless/aprs-is"), QStringLiteral("--aprs-is"));
        fromIni(QStringLiteral("headless/retention-days"), QStringLiteral("--retention-days"));
        fromIni(QStringLiteral("headless/aprs-callsign"), QStringLiteral("--aprs-callsign"));
        fromIni(QStringLiteral("headless/aprs-filter"), QStringLiteral("--aprs-filter"));
        fromIni(QStringLiteral("headless/alert-dwell"), QStringLiteral("--alert-dwell"));
        fromIni(QStringLiteral("headless/alert-rate-limit"), QStringLiteral("--alert-rate-limit"));
        fromIni(QStringLiteral("headless/node-id"), QStringLiteral("--node-id"));
        fromIni(QStringLiteral("headless/raw-frames"), QStringLiteral("--raw-frames"));
        fromIni(QStringLiteral("headless/sms-gateway"), QStringLiteral("--sms-gateway"));
        fromIni(QStringLiteral("headless/sms-method"), QStringLiteral("--sms-method"));
        fromIni(QStringLiteral("headless/sms-body"), QStringLiteral("--sms-body"));
        if (!args.contains(QStringLiteral("--listen"))) {
            for (const QString &l : ini.value(QStringLiteral("headless/listen")).toStringList())
                args << QStringLiteral("--listen") << l;
        }
        if (ini.value(QStringLiteral("headless/register-unknown")).toBool())
            args << QStringLiteral("--register-unknown");
    }

    bool hasDb = false;
    const QString dbUrl = takeOption(args, QStringLiteral("--db"), &hasDb);
    IngestConfig config;
    for (const QString &l : takeOptions(args, QStringLiteral("--listen"))) {
        ListenerConfig lc;
        if (const QString e = parseListenOption(l, &lc); !e.isEmpty()) {
            err << "fleetwatch: " << e << '\n';
            return 2;
        }
        config.listeners.append(lc);
    }
    bool hasBind = false;
    const QString bind = takeOption(args, QStringLiteral("--bind"), &hasBind);
    if (hasBind && !config.bind.setAddress(bind)) {
        err << CliTr::tr("fleetwatch: --bind \"%1\" is not an address\n")
                   .arg(bind);
        return 2;
    }
    config.registerUnknown = takeFlag(args, QStringLiteral("--register-unknown"));
    config.aprsIsServer = takeOption(args, QStringLiteral("--aprs-is"));
    bool hasCall = false;
    const QString call = takeOption(args, QStringLiteral("--aprs-callsign"), &hasCall);
    if (hasCall)
        config.aprsIsCallsign = call;
    config.aprsIsFilter = takeOption(args, QStringLiteral("--aprs-filter"));
    TimeMs freshness = 0, offline = 0;
    if (!readSeconds(args, QStringLiteral("--gps-freshness"), &freshness, err)
        || !readSeconds(args, QStringLiteral("--offline-timeout"), &offline, err))
        return 2;
    bool hasRetention = false;
    const QString retentionText = takeOption(args, QStringLiteral("--retention-days"), &hasRetention);
    bool retentionOk = true;
    const int retentionDays = hasRetention ? retentionText.toInt(&retentionOk) : 0;
    if (!retentionOk || retentionDays < 0) {
        err << CliTr::tr("fleetwatch: --retention-days needs a number of days\n");
        return 2;
    }
    const bool alerts = !takeFlag(args, QStringLiteral("--no-alerts"));
    AlertWorker::Options alertOptions;
    TimeMs dwell = kNoTime, rateLimit = kNoTime;
    if (!readSecondsOrZero(args, QStringLiteral("--alert-dwell"), &dwell, err)
        || !readSecondsOrZero(args, QStringLiteral("--alert-rate-limit"), &rateLimit, err))
        return 2;
    if (dwell != kNoTime)
        alertOptions.rules.dwell = dwell;
    if (rateLimit != kNoTime)
        alertOptions.rules.rateLimit = rateLimit;
    bool hasNodeId = false;
    QString nodeId = takeOption(args, QStringLiteral("--node-id"), &hasNodeId).trimmed();
    if (hasNodeId && nodeId.isEmpty()) {
        err << CliTr::tr("fleetwatch: --node-id needs a name\n");
        return 2;
    }
    if (!hasNodeId)
        nodeId = QSysInfo::machineHostName().isEmpty() ? QStringLiteral("localhost")
                                                       : QSysInfo::machineHostName();
    bool hasRawFrames = false;
    const QString rawFramesText = takeOption(args, QStringLiteral("--raw-frames"), &hasRawFrames);
    bool rawFramesOk = true;
    const int rawFrames = hasRawFrames ? rawFramesText.toInt(&rawFramesOk)
                                       : IngestNode::Parts {}.rawFramesPerDevice;
    if (!rawFramesOk || rawFrames < 0 || rawFrames > 1000) {
        err << CliTr::tr("fleetwatch: --raw-frames needs a number of frames from 0 to 1000\n");
        return 2;
    }
    // Queued SMS commands go out through this HTTP gateway ({phone} and {text} in the URL or
    // body); an Authorization header from the environment (a service has no keychain).
    bool hasSms = false;
    HttpSmsGatewayConfig smsConfig;
    smsConfig.urlTemplate = takeOption(args, QStringLiteral("--sms-gateway"), &hasSms).trimmed();
    bool hasSmsMethod = false;
    const QString smsMethod = takeOption(args, QStringLiteral("--sms-method"), &hasSmsMethod);
    bool hasSmsBody = false;
    const QString smsBody = takeOption(args, QStringLiteral("--sms-body"), &hasSmsBody);
    if (hasSms && !smsConfig.urlTemplate.startsWith(u"http://")
        && !smsConfig.urlTemplate.startsWith(u"https://")) {
        err << CliTr::tr("fleetwatch: --sms-gateway needs an http:// or https:// URL\n");
        return 2;
    }
    if (hasSmsMethod && smsMethod != u"get" && smsMethod != u"post") {
        err << CliTr::tr("fleetwatch: --sms-method takes get or post, not \"%1\"\n").arg(smsMethod);
        return 2;
    }
    if ((hasSmsMethod || hasSmsBody) && !hasSms) {
        err << CliTr::tr("fleetwatch: --sms-method and --sms-body need --sms-gateway\n");
        return 2;
    }
    if (smsMethod == u"post")
        smsConfig.method = HttpSmsGatewayConfig::Post;
    if (hasSmsBody)
        smsConfig.bodyTemplate = smsBody;
    if (const QByteArray auth = qgetenv("FW_SMS_AUTHORIZATION"); !auth.isEmpty())
        smsConfig.headers.append({ QByteArrayLiteral("Authorization"), auth });
    bool hasInterval = false;
    const QString intervalText = takeOption(args, QStringLiteral("--stats-interval"), &hasInterval);
    bool intervalOk = true;
    const int statsInterval = hasInterval ? intervalText.toInt(&intervalOk) : 10;
    if (!intervalOk || statsInterval < 0) {
        err << CliTr::tr("fleetwatch: --stats-interval needs seconds\n");
        return 2;
    }
    if (!args.isEmpty()) {
        err << unexpectedArgumentMessage(QStringLiteral("--headless"), args.first()) << '\n';
        return 2;
    }

    QString error;
    const std::optional<DatabaseConfig> dbConfig =
        hasDb ? DatabaseConfig::parse(dbUrl, &error) : DatabaseConfig::defaultConfig(&error);
    if (!dbConfig) {
        err << "fleetwatch: " << error << '\n';
        return 1;
    }
    Database db;
    if (!db.open(*dbConfig)) {
        err << "fleetwatch: " << db.lastError() << '\n';
        return 1;
    }
    FleetSettings settings = FleetSettingsStore::load(db);
    if (freshness > 0)
        settings.status.gpsFreshness = freshness;
    if (offline > 0)
        settings.status.defaultOfflineTimeout = offline;
    if (hasRetention)
        settings.retentionDays = retentionDays;
    if (freshness > 0 || offline > 0 || hasRetention)
        FleetSettingsStore::save(db, settings); // fleet settings: a window or `status` on this database uses them

    TerminationWatcher::raiseFileDescriptorLimit();
    SystemClock clock;
    const ProtocolRegistry registry;
    const DeviceModelCatalog catalog;
    RawLog rawLog;
    PositionWriter::Options writerOptions;
    writerOptions.nodeId = nodeId; // stored with each position (shared deployments)
    PositionWriter writer(*dbConfig, writerOptions);
    if (!writer.start())
        err << "fleetwatch: " << CliTr::tr("database not writable yet; will retry")
            << '\n';
    writer.setRetentionDays(settings.retentionDays);
    DatabaseDeviceDirectory directory(&db, &clock, &catalog);
    IngestNode::Parts parts { &clock, &registry, &catalog, &rawLog, &writer, nullptr,
                              writerOptions.maxPendingRows };
    parts.alerts = alerts;
    parts.rawFramesPerDevice = rawFrames;
    parts.alertOptions = alertOptions;
    IngestNode node(parts);
    QObject::connect(&node, &IngestNode::alertRaised, &node, [&err](const Alert &a) {
        err << CliTr::tr("fleetwatch: alert %1: %2\n").arg(a.id).arg(a.text);
        err.flush();
    });
    // Each new alert to its rule's e-mail and webhook targets. SMTP from the --config file, or
    // the window's settings; the password from the environment (a service has no keychain).
    MemorySecretStore smtpSecrets;
    if (const QString password = qEnvironmentVariable("FW_SMTP_PASSWORD"); !password.isEmpty())
        smtpSecrets.write(kSmtpPasswordKey, password, nullptr, {});
    const DispatcherConfig notifyConfig = hasConfig
        ? AlertNotifier::configFromSettings(QSettings(configFile, QSettings::IniFormat))
        : AlertNotifier::configFromSettings(QSettings());
    AlertNotifier notifier(notifyConfig, &clock, &smtpSecrets);
    QObject::connect(&node, &IngestNode::alertRaised, &notifier, &AlertNotifier::notify);
    notifier.start();
    node.prepare(settings);
    node.statusReporter()->setNodeId(nodeId); // the heartbeat in the nodes table
    // On a shared database, devices registered, blocked or removed after this load reach the
    // node by their change numbers (read from here on).
    qint64 devicesLoadedAfter = -1;
    if (dbConfig->isPostgres()) {
        ChangeSnapshot snapshot(db);
        devicesLoadedAfter = snapshot.isValid() ? snapshot.reached() : -1;
    }
    const int up = node.start(config, db.devices(), db.activities(), &directory);
    directory.setFleet(node.fleet());
    std::unique_ptr<DeviceEditFollower> deviceEdits;
    if (devicesLoadedAfter >= 0) {
        deviceEdits = std::make_unique<DeviceEditFollower>(
            *dbConfig, node.fleet(), devicesLoadedAfter);
        deviceEdits->start();
    } else if (dbConfig->isPostgres()) {
        err << CliTr::tr("fleetwatch: cannot follow device edits; a restart picks them up\n");
    }
    // Commands queued in the database for the devices connected here (issue #14).
    CommandQueueRunner::Parts commandParts;
    commandParts.server = node.server();
    commandParts.fleet = node.fleet();
    commandParts.catalog = &catalog;
    commandParts.clock = &clock;
    commandParts.database = *dbConfig;
    commandParts.nodeId = nodeId;
    commandParts.pollMs = dbConfig->isPostgres() ? 2'000 : 1'000; // SQLite: polling only
    QNetworkAccessManager smsNetwork;
    std::unique_ptr<HttpSmsGateway> smsGateway;
    if (hasSms) {
        smsGateway = std::make_unique<HttpSmsGateway>(&smsNetwork, smsConfig);
        commandParts.sms = smsGateway.get();
    }
    auto commandRunner = std::make_unique<CommandQueueRunner>(commandParts);
    commandRunner->start();
    for (const ListenerState &l : node.server()->listeners()) {
        if (!l.error.isEmpty())
            err << QStringLiteral("fleetwatch: %1 port %2: %3\n").arg(l.protocol).arg(l.port).arg(l.error);
    }
    if (up == 0) {
        err << CliTr::tr("fleetwatch: no port could be opened\n");
        return 1;
    }
    err << CliTr::tr("fleetwatch: listening on %1 port(s), database %2\n")
               .arg(up)
               .arg(dbConfig->displayUrl());
    err.flush();

    const auto printStats = [&] {
        printJsonLine(out, statsJson(node.server()->stats()));
    };
    QTimer statsTimer;
    if (statsInterval > 0) {
        QObject::connect(&statsTimer, &QTimer::timeout, printStats);
        statsTimer.start(statsInterval * 1000);
    }
    QEventLoop loop;
    TerminationWatcher watcher;
    QObject::connect(&watcher, &TerminationWatcher::terminationRequested, &loop, &QEventLoop::quit);
    loop.exec();

    statsTimer.stop();
    deviceEdits.reset();
    commandRunner.reset(); // no more commands to the sessions about to close
    node.stop(); // stop accepting; hand pending status events to the writer
    QCoreApplication::processEvents(QEventLoop::AllEvents, 100); // the last alerts to the notifier
    notifier.shutdown(5000); // queued mail and webhooks get a few seconds, not forever
    const bool flushed = writer.flush(60'000);
    // Deliver the last commit notifications so "stored" counts everything written.
    QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
    writer.stop();
    QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
    printStats();
    if (!flushed) {
        err << CliTr::tr("fleetwatch: could not write everything before "
                                                      "exiting: %1\n")
                   .arg(writer.stats().lastError);
        return 1;
    }
    return 0;
}

} // namespace fw::cli
