// Shared deployments seen from the operators' windows (issue #14): real `fleetwatch --headless
// --node-id` nodes on the throw-away PostgreSQL server (GT06 on one, OsmAnd over HTTP on the
// other), trackers on loopback sockets, and real windows offscreen in connected mode
// (DesktopSession with a server URL).
// - Two windows follow a scripted sequence through all seven statuses (deadlines included, and a
//   block from the other window); after each step both windows' rows and dashboard equal
//   `fleetwatch status --json` within a second of the commit (the node's acknowledgement, the
//   edit's return, or the deadline). Edits from a window reach the nodes as well: a device
//   registered after the node started is taken, a blocked one's data is not stored, a replaced
//   identity leaves no stale row.
// - PostgreSQL restarted mid-run: the node holds its acknowledgements, the window reconnects and
//   catches up (what was sent while the database was down shows, once), nothing acknowledged is
//   lost.
// - A window closed and opened again loads the current state once and reads only the changes
//   after it, never the history (the follower's read counts).

#include "TestMain.h"

#define FW_EXECUTABLE FW_BINARY_DIR "/bin/fleetwatch"
#include "../cli/CliTestSupport.h"
#include "../cli/Gt06TestDevice.h"
#include "../cli/OsmAndTestDevice.h"
#include "ConnectedWindowSupport.h"

#include "app/DesktopSession.h"
#include "domain/Attributes.h"
#include "fleet/DeviceDirectory.h"
#include "remote/RemoteFleetSource.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

constexpr qint64 kCommitToWindowMs = 1000; // the contract: within a second of the commit

TimeMs wallNow()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Whole seconds (GT06 and OsmAnd carry fix times in seconds).
TimeMs wholeSeconds(TimeMs t)
{
    return t / kSecond * kSecond;
}

RemoteFleetSource *remoteOf(const DesktopSession &session)
{
    return qobject_cast<RemoteFleetSource *>(session.source());
}

} // namespace

class TstSharedWindows : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void twoNodesTwoWindowsEveryStatus();
    void databaseRestartWindowCatchesUp();
    void reopenedWindowReadsNoHistory();

private:
    std::optional<DatabaseConfig> newDatabase();
    std::unique_ptr<DesktopSession> openWindow(const QString &url);
    NodeProcess *startNode(const QString &db, const QString &id, const QString &listen);
    // Empty when every window's rows and dashboard equal `cli` by `budgetMs` after `since`
    // started; else how they differ then.
    QString agreement(const QList<const MainWindow *> &windows, const CliStatus &cli,
        const QElapsedTimer &since, qint64 budgetMs = kCommitToWindowMs);
    qint64 changeSequence(const QString &db);

    CliEnvironment m_env;
    std::vector<std::unique_ptr<NodeProcess>> m_nodes; // of the current test
    qint64 m_worstMs = 0; // commit to both windows, over the status script
    QString m_organization; // the application's names before this test class
    QString m_application;
};

void TstSharedWindows::initTestCase()
{
    QVERIFY(m_env.init());
    m_organization = QCoreApplication::organizationName();
    m_application = QCoreApplication::applicationName();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("SharedWindows"));
    QSettings().clear();
}

void TstSharedWindows::cleanupTestCase()
{
    // The windows' settings go; the test classes after this one find their own names again.
    QSettings().clear();
    QCoreApplication::setOrganizationName(m_organization);
    QCoreApplication::setApplicationName(m_application);
}

void TstSharedWindows::cleanup()
{
    m_nodes.clear(); // the nodes of the test that ended
}

std::optional<DatabaseConfig> TstSharedWindows::newDatabase()
{
    PostgresTestServer &server = PostgresTestServer::shared();
    if (!server.isRunning() && !server.start()) {
        qWarning("%s", qPrintable(server.errorString()));
        return std::nullopt;
    }
    QString why;
    std::optional<DatabaseConfig> config = server.createDatabase(&why);
    if (!config)
        qWarning("%s", qPrintable(why));
    return config;
}

std::unique_ptr<DesktopSession> TstSharedWindows::openWindow(const QString &url)
{
    DesktopSession::Options options;
    options.serverUrl = url;
    auto session = std::make_unique<DesktopSession>(options);
    QString error;
    if (!session->start(&error)) {
        qWarning("window: %s", qPrintable(error));
        return {};
    }
    session->window()->show();
    return session;
}

NodeProcess *TstSharedWindows::startNode(const QString &db, const QString &id, const QString &listen)
{
    auto node = std::make_unique<NodeProcess>();
    if (!node->start(m_env,
            { QStringLiteral("--headless"), QStringLiteral("--db"), db, QStringLiteral("--bind"),
                QStringLiteral("127.0.0.1"), QStringLiteral("--listen"), listen,
                QStringLiteral("--node-id"), id, QStringLiteral("--stats-interval"),
                QStringLiteral("0") },
            1)) {
        qWarning("node %s: %s", qPrintable(id), node->err.constData());
        return nullptr;
    }
    m_nodes.push_back(std::move(node));
    return m_nodes.back().get();
}

QString TstSharedWindows::agreement(const QList<const MainWindow *> &windows,
    const CliStatus &cli, const QElapsedTimer &since, qint64 budgetMs)
{
    QString diff;
    const auto agree = [&] {
        diff.clear();
        for (qsizetype i = 0; i < windows.size(); ++i) {
            const QString d = differences(windows.at(i), cli);
            if (!d.isEmpty())
                diff += QStringLiteral("window %1: %2. ").arg(i + 1).arg(d);
        }
        return diff.isEmpty();
    };
    const qint64 left = std::max<qint64>(0, budgetMs - since.elapsed());
    if (!QTest::qWaitFor(agree, int(left)) && !agree())
        return QStringLiteral("after %1 ms: %2").arg(since.elapsed()).arg(diff);
    return {};
}

qint64 TstSharedWindows::changeSequence(const QString &db)
{
    Database d;
    if (!d.open(*DatabaseConfig::parse(db)))
        return -1;
    QSqlQuery q(d.connection());
    return q.exec(QStringLiteral("SELECT seq FROM change_sequence WHERE id = 1")) && q.next()
        ? q.value(0).toLongLong()
        : -1;
}

// The scripted sequence: every status of status-rules.md, reached by data on either node, by
// deadlines (a fix ageing, a device falling silent, a block running out) and by edits from
// either window. After each step `status --json` says the expected status (the commit is
// done), and both windows equal it within a second.
void TstSharedWindows::twoNodesTwoWindowsEveryStatus()
{
    const std::optional<DatabaseConfig> config = newDatabase();
    if (!config && PostgresTestServer::required())
        QFAIL("no PostgreSQL server");
    if (!config)
        QSKIP("no PostgreSQL server");
    const QString db = config->url();
    const QString gt = QStringLiteral("864717003284001"); // GT06, to node A
    const QString osm = QStringLiteral("phone-osmand-7"); // OsmAnd, to node B; 6 s timeout
    const QString manual = QStringLiteral("864717003284019"); // a model that needs activation
    const QString fresh = QStringLiteral("864717003284027"); // registered now, silent
    const QString stale = QStringLiteral("864717003284035"); // registered 10 min ago, silent
    const QString added = QStringLiteral("864717003284043"); // registered from window A
    const QString unknown = QStringLiteral("864717003284050"); // never registered
    constexpr qint64 kOsmTimeoutSecs = 6;
    const TimeMs now = wallNow();
    {
        Database setup;
        QVERIFY2(setup.open(*config), qPrintable(setup.lastError()));
        const auto add = [&](const QString &id, const QString &model, const QString &protocol,
                             TimeMs registeredAt, qint64 timeoutSecs) {
            Device d;
            d.uniqueId = id;
            d.name = QStringLiteral("Unit ") + id.right(3);
            d.model = model;
            d.protocol = protocol;
            d.registeredAt = registeredAt;
            d.offlineTimeoutSecs = timeoutSecs;
            return setup.addDevice(d);
        };
        QVERIFY2(add(gt, QStringLiteral("Concox GT06N"), QStringLiteral("gt06"), now, 0),
            qPrintable(setup.lastError()));
        QVERIFY(add(osm, QString(), QStringLiteral("osmand"), now, kOsmTimeoutSecs));
        QVERIFY(add(manual, QStringLiteral("Teltonika FMB140"), QStringLiteral("teltonika"),
            now - 10 * kMinute, 0));
        QVERIFY(add(fresh, QStringLiteral("Concox GT06N"), QStringLiteral("gt06"), now, 0));
        QVERIFY(add(stale, QStringLiteral("Concox GT06N"), QStringLiteral("gt06"),
            now - 10 * kMinute, 0));
    }
    const quint16 portA = freeLoopbackPort();
    quint16 portB = freeLoopbackPort();
    while (portB == portA)
        portB = freeLoopbackPort();
    NodeProcess *nodeA = startNode(db, QStringLiteral("A"), QStringLiteral("gt06=%1").arg(portA));
    QVERIFY(nodeA);
    NodeProcess *nodeB
        = startNode(db, QStringLiteral("B"), QStringLiteral("osmand=%1").arg(portB));
    QVERIFY(nodeB);

    std::unique_ptr<DesktopSession> sessionA = openWindow(db);
    QVERIFY(sessionA);
    std::unique_ptr<DesktopSession> sessionB = openWindow(db);
    QVERIFY(sessionB);
    const QList<const MainWindow *> windows { sessionA->window(), sessionB->window() };

    // Each step: both windows show the `expected` statuses within a second of `since` (the
    // commit, the edit's return or the deadline); then `status --json` says the same, and both
    // windows equal it in every row and count.
    const auto step = [&](const char *what, const QElapsedTimer &since,
                          const QHash<QString, QString> &expected) -> QString {
        QString missing;
        const auto shown = [&] {
            missing.clear();
            for (qsizetype i = 0; i < windows.size(); ++i) {
                for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
                    const QString mine = statusId(rowOf(windows.at(i), it.key()).status);
                    if (mine != it.value())
                        missing += QStringLiteral("window %1 has %2 %3. ")
                                       .arg(i + 1).arg(it.key(), mine);
                }
            }
            return missing.isEmpty();
        };
        const qint64 left = std::max<qint64>(0, kCommitToWindowMs - since.elapsed());
        if (!QTest::qWaitFor(shown, int(left)) && !shown())
            return QStringLiteral("%1: after %2 ms: %3")
                .arg(QLatin1String(what)).arg(since.elapsed()).arg(missing);
        const qint64 shownMs = since.elapsed();
        m_worstMs = std::max(m_worstMs, shownMs);
        const CliStatus cli = cliStatus(m_env, db);
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            if (cli.statuses.value(it.key()) != it.value())
                return QStringLiteral("%1: status --json says %2 is %3, not %4")
                    .arg(QLatin1String(what), it.key(), cli.statuses.value(it.key()), it.value());
        }
        QElapsedTimer compared;
        compared.start();
        const QString diff = agreement(windows, cli, compared);
        if (diff.isEmpty())
            qInfo("%s: in both windows %lld ms after the commit; equal to status --json", what,
                shownMs);
        return diff.isEmpty() ? QString() : QLatin1String(what) + QStringLiteral(": ") + diff;
    };
    QString problem;

    // 0. Loaded: the three not-activated statuses, nobody connected yet.
    QElapsedTimer since;
    since.start();
    QTRY_COMPARE_WITH_TIMEOUT(windows.at(1)->deviceModel()->rowCount(), 5, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(windows.at(0)->deviceModel()->rowCount(), 5, 15000);
    since.start();
    problem = step("loaded", since,
        { { gt, QStringLiteral("just-registered") }, { osm, QStringLiteral("just-registered") },
            { manual, QStringLiteral("needs-manual-activation") },
            { fresh, QStringLiteral("just-registered") },
            { stale, QStringLiteral("awaiting-first-data") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 1. A device registered from window A is just registered in window B and the command line.
    Device d;
    d.uniqueId = added;
    d.name = QStringLiteral("Added from A");
    d.model = QStringLiteral("Concox GT06N");
    QString error = sessionA->source()->directory()->addDevice(d);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    since.start();
    problem = step("registered from window A", since, { { added, QStringLiteral("just-registered") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 2. The GT06 tracker logs in to node A: connected, no fix yet (green with a white centre).
    // The login's reply is not an acknowledgement of a commit: wait for the command line to
    // see it, then the windows have a second.
    Gt06Device tracker(gt);
    QVERIFY(tracker.connectAndLogin(portA));
    QTRY_COMPARE_WITH_TIMEOUT(cliStatus(m_env, db).statuses.value(gt),
        QStringLiteral("gps-outdated"), 10000);
    since.start();
    problem = step("GT06 logged in", since, { { gt, QStringLiteral("gps-outdated") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 3. A current fix: online.
    QElapsedTimer clock;
    clock.start();
    tracker.send(wholeSeconds(wallNow()) - 2 * kSecond, 52.25);
    QVERIFY2(tracker.waitAcks(1, 10000, clock), nodeA->err.constData());
    since.start();
    problem = step("GT06 fix", since, { { gt, QStringLiteral("online") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(rowOf(windows.at(0), gt).activity.latitude, 52.25);
    QCOMPARE(rowOf(windows.at(1), gt).activity.latitude, 52.25);

    // The device registered from window A is switched on: node A, started before it was
    // registered, takes its data (the node follows device edits in the database).
    Gt06Device newcomer(added);
    QVERIFY(newcomer.connectAndLogin(portA));
    newcomer.send(wholeSeconds(wallNow()) - 1 * kSecond, 52.31);
    QVERIFY2(newcomer.waitAcks(1, 10000, clock), nodeA->err.constData());
    since.start();
    problem = step("registered device switched on", since, { { added, QStringLiteral("online") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 4. The phone reports to node B a fix 3 s short of the freshness limit (5 min): online now,
    // GPS outdated at the fix's deadline, offline 6 s after its last packet.
    OsmAndDevice phone(osm);
    QVERIFY(phone.connectTo(portB));
    const TimeMs fixTime = wholeSeconds(wallNow()) - 5 * kMinute + 3 * kSecond;
    phone.send(fixTime, 48.85);
    QVERIFY2(phone.waitAcks(1, 10000), nodeB->err.constData());
    const TimeMs lastPacketBefore = wallNow(); // the node's receive time is before this
    since.start();
    problem = step("OsmAnd fix", since, { { osm, QStringLiteral("online") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(rowOf(windows.at(1), osm).activity.latitude, 48.85);

    // 5. The fix ages past the freshness limit: GPS outdated, by the windows' own deadline.
    const TimeMs fixDeadline = fixTime + 5 * kMinute + 1;
    QVERIFY(wallNow() < fixDeadline);
    QTest::qWait(int(fixDeadline - wallNow()));
    since.start();
    problem = step("fix aged", since, { { osm, QStringLiteral("gps-outdated") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 6. Silent for longer than its offline timeout: offline.
    const TimeMs offlineDeadline = lastPacketBefore + kOsmTimeoutSecs * kSecond + 1;
    QVERIFY(wallNow() < offlineDeadline);
    QTest::qWait(int(offlineDeadline - wallNow()));
    since.start();
    problem = step("phone silent", since, { { osm, QStringLiteral("offline") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 7. Blocked from window B: blocked in window A and for the command line.
    error = sessionB->source()->directory()->setBlocked(gt, true, kNoTime);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    since.start();
    problem = step("blocked from window B", since, { { gt, QStringLiteral("blocked") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Node A learned of the block too (edits reach every node within a second): the tracker's
    // next fix is answered but not stored.
    QTest::qWait(int(std::max<qint64>(0, 1000 - since.elapsed())));
    tracker.send(wholeSeconds(wallNow()), 52.99);
    QVERIFY2(tracker.waitAcks(2, 10000, clock), nodeA->err.constData());
    QTest::qWait(300); // a stored fix would reach the windows by now
    double storedLat = 0;
    for (const QJsonValue &v : cliStatus(m_env, db).json.value(QStringLiteral("devices")).toArray()) {
        if (v.toObject().value(QStringLiteral("uniqueId")).toString() == gt)
            storedLat = v.toObject().value(QStringLiteral("lat")).toDouble();
    }
    QCOMPARE(storedLat, 52.25);
    QCOMPARE(rowOf(windows.at(0), gt).activity.latitude, 52.25);

    // 8. Unblocked from window A: online again (its fix is still current).
    error = sessionA->source()->directory()->setBlocked(gt, false, kNoTime);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    since.start();
    problem = step("unblocked from window A", since, { { gt, QStringLiteral("online") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 9. Blocked from window B for two seconds: blocked, then online at the block's end.
    const TimeMs blockedUntil = wallNow() + 2 * kSecond;
    error = sessionB->source()->directory()->setBlocked(gt, true, blockedUntil);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    since.start();
    problem = step("blocked for 2 s", since, { { gt, QStringLiteral("blocked") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(wallNow() < blockedUntil);
    QTest::qWait(int(blockedUntil + 1 - wallNow()));
    since.start();
    problem = step("block ran out", since, { { gt, QStringLiteral("online") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // 10a. The silent tracker registered ten minutes ago is replaced by a new one (its identity
    // changed from window A): the old id is gone everywhere, the new one is just registered.
    const QString replacement = QStringLiteral("864717003284084");
    Device replaced;
    for (const Device &known : sessionA->source()->directory()->devices()) {
        if (known.uniqueId == stale)
            replaced = known;
    }
    QCOMPARE(replaced.uniqueId, stale);
    replaced.uniqueId = replacement;
    error = sessionA->source()->directory()->updateDevice(stale, replaced);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    since.start();
    problem = step("identity replaced from window A", since,
        { { replacement, QStringLiteral("just-registered") } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!cliStatus(m_env, db).statuses.contains(stale));

    // 10. A tracker nobody registered talks to node A: in no window and not in `status`.
    Gt06Device stranger(unknown);
    stranger.socket.connectToHost(QHostAddress::LocalHost, portA);
    QVERIFY(stranger.socket.waitForConnected(5000));
    const Gt06FrameEncoder encoder;
    stranger.socket.write(encoder.login(unknown, 1));
    stranger.send(wholeSeconds(wallNow()), 50.0);
    QTest::qWait(500);
    since.start();
    problem = step("unknown device", since, {});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const CliStatus last = cliStatus(m_env, db);
    QVERIFY(!last.statuses.contains(unknown));
    QCOMPARE(last.statuses.size(), 6);
    // Every status was seen on the way; the final picture has five of them.
    QCOMPARE(last.counts.value(QStringLiteral("online")).toInt(), 2);
    QCOMPARE(last.counts.value(QStringLiteral("offline")).toInt(), 1);
    QCOMPARE(last.counts.value(QStringLiteral("notActivated")).toInt(), 3);
    qInfo("worst commit-to-both-windows time over the script: %lld ms", m_worstMs);

    tracker.socket.disconnectFromHost();
    newcomer.socket.disconnectFromHost();
    stranger.socket.disconnectFromHost();
    sessionB.reset();
    sessionA.reset();
    QVERIFY(nodeA->process.state() == QProcess::Running);
    QVERIFY(nodeB->process.state() == QProcess::Running);
}

// PostgreSQL stops with a window following and a tracker sending: the node acknowledges nothing
// until it is stored, the window says it lost the server. The window's own login is held off
// (NOLOGIN, set before the restart; open sessions keep working) until the node has stored what
// it held, so the window certainly reconnects after those commits and has to catch up from its
// change sequence: it shows what was sent meanwhile (the last fix, the alarm once), agreeing
// with `status --json`; every acknowledged position is in the database.
void TstSharedWindows::databaseRestartWindowCatchesUp()
{
    const std::optional<DatabaseConfig> config = newDatabase();
    if (!config && PostgresTestServer::required())
        QFAIL("no PostgreSQL server");
    if (!config)
        QSKIP("no PostgreSQL server");
    const QString db = config->url();
    const QString imei = QStringLiteral("864717003284068");
    {
        Database setup;
        QVERIFY2(setup.open(*config), qPrintable(setup.lastError()));
        Device d;
        d.uniqueId = imei;
        d.name = QStringLiteral("Restart truck");
        d.model = QStringLiteral("Concox GT06N");
        QVERIFY2(setup.addDevice(d), qPrintable(setup.lastError()));
    }
    // The window logs in as an operator of its own (the node as the database's owner).
    const CliResult init
        = m_env.run({ QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--db"), db });
    QVERIFY2(init.exitCode == 0, init.err.constData());
    const QString login = QStringLiteral("restart_desk_%1").arg(QCoreApplication::applicationPid());
    const QString password = QStringLiteral("restart-pw-5");
    QString why = PostgresTestServer::execAs(
        db, QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(login, password));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    const CliResult grant = m_env.run({ QStringLiteral("db"), QStringLiteral("grant"),
        QStringLiteral("operator"), login, QStringLiteral("--db"), db });
    QVERIFY2(grant.exitCode == 0, grant.err.constData());
    const QString windowUrl = DatabaseConfig::postgres(
        config->host(), config->port(), config->databaseName(), login, password).url();

    const quint16 port = freeLoopbackPort();
    NodeProcess *node = startNode(db, QStringLiteral("A"), QStringLiteral("gt06=%1").arg(port));
    QVERIFY(node);
    std::unique_ptr<DesktopSession> session = openWindow(windowUrl);
    QVERIFY(session);
    const MainWindow *window = session->window();
    QSignalSpy connection(remoteOf(*session), &RemoteFleetSource::connectionChanged);
    QTRY_COMPARE_WITH_TIMEOUT(window->deviceModel()->rowCount(), 1, 15000);

    QElapsedTimer clock;
    clock.start();
    Gt06Device tracker(imei);
    QVERIFY(tracker.connectAndLogin(port));
    const TimeMs t0 = wholeSeconds(wallNow()) - 60 * kSecond;
    for (int k = 0; k < 3; ++k) {
        tracker.send(t0 + k * kSecond, 52.0 + k * 1e-3);
        QVERIFY2(tracker.waitAcks(k + 1, 10000, clock), node->err.constData());
    }
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(window, imei).activity.latitude, 52.002, 3000);
    connection.clear();

    // The window's login may not open new sessions for now; then the database goes away and
    // the tracker goes on: a position, an SOS, two more positions.
    why = PostgresTestServer::execAs(db, QStringLiteral("ALTER ROLE %1 NOLOGIN").arg(login));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    PostgresTestServer &server = PostgresTestServer::shared();
    QVERIFY2(server.stop(), qPrintable(server.errorString()));
    const Gt06FrameEncoder encoder;
    tracker.send(t0 + 3 * kSecond, 52.003);
    Position sos;
    sos.deviceTime = t0 + 4 * kSecond;
    sos.valid = true;
    sos.latitude = 52.004;
    sos.longitude = 21.0;
    tracker.socket.write(encoder.alarm(imei, sos, alarm::sos, 900));
    tracker.sent.append(sos.deviceTime);
    tracker.send(t0 + 5 * kSecond, 52.005);
    tracker.send(t0 + 6 * kSecond, 52.006);
    // The window notices (its liveness probe) that the server is gone.
    QTRY_VERIFY_WITH_TIMEOUT(
        !connection.isEmpty() && !connection.first().at(0).toBool(), 10000);
    tracker.waitAcks(7, 1, clock);
    QCOMPARE(tracker.acked.size(), 3); // held while the database is down
    QCOMPARE(rowOf(window, imei).activity.latitude, 52.002);

    // Back: the node stores what it held and acknowledges it; the window cannot log in yet.
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY2(tracker.waitAcks(7, 30000, clock), node->err.constData());
    QTest::qWait(500);
    QVERIFY(connection.last().at(0).toBool() == false);
    QCOMPARE(rowOf(window, imei).activity.latitude, 52.002);
    // Its login allowed again, the window reconnects by itself and catches up: the last fix and
    // the alarm, once.
    why = PostgresTestServer::execAs(db, QStringLiteral("ALTER ROLE %1 LOGIN").arg(login));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QTRY_VERIFY_WITH_TIMEOUT(connection.last().at(0).toBool(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(window, imei).activity.latitude, 52.006, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(alarmsOf(window, imei), 1, 5000);
    QTRY_VERIFY2_WITH_TIMEOUT(differences(window, cliStatus(m_env, db)).isEmpty(),
        qPrintable(differences(window, cliStatus(m_env, db))), 5000);
    QCOMPARE(rowOf(window, imei).activity.lastFixAt, t0 + 6 * kSecond);

    // Live again: a new fix shows within a second of its acknowledgement.
    tracker.send(t0 + 7 * kSecond, 52.007);
    QVERIFY2(tracker.waitAcks(8, 10000, clock), node->err.constData());
    QElapsedTimer since;
    since.start();
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(window, imei).activity.latitude, 52.007, 3000);
    QVERIFY2(since.elapsed() <= kCommitToWindowMs, qPrintable(QString::number(since.elapsed())));
    QTest::qWait(300); // a repeat of the alarm would show by now
    QCOMPARE(alarmsOf(window, imei), 1);

    // 0 acknowledged positions lost, none stored twice.
    tracker.socket.disconnectFromHost();
    session.reset();
    node->process.terminate();
    QVERIFY(node->process.waitForFinished(60000));
    QCOMPARE(node->process.exitCode(), 0);
    QStringList stored;
    for (const StoredPosition &p : m_env.exportCsv(db))
        stored.append(p.key());
    QCOMPARE(QSet<QString>(stored.cbegin(), stored.cend()).size(), stored.size());
    for (const TimeMs t : std::as_const(tracker.acked))
        QVERIFY2(stored.contains(StoredPosition::keyOf(imei, t)), qPrintable(toIso(t)));
    QCOMPARE(stored.size(), tracker.acked.size());
}

// A window closed while the node goes on storing, then opened again: it shows the current state
// from one load at the current change sequence and has read no change before it (no replayed
// history: the old alarms are not in its event log); what comes next arrives live.
void TstSharedWindows::reopenedWindowReadsNoHistory()
{
    const std::optional<DatabaseConfig> config = newDatabase();
    if (!config && PostgresTestServer::required())
        QFAIL("no PostgreSQL server");
    if (!config)
        QSKIP("no PostgreSQL server");
    const QString db = config->url();
    const QString imei = QStringLiteral("864717003284076");
    {
        Database setup;
        QVERIFY2(setup.open(*config), qPrintable(setup.lastError()));
        Device d;
        d.uniqueId = imei;
        d.name = QStringLiteral("Reopen truck");
        d.model = QStringLiteral("Concox GT06N");
        QVERIFY2(setup.addDevice(d), qPrintable(setup.lastError()));
    }
    const quint16 port = freeLoopbackPort();
    NodeProcess *node = startNode(db, QStringLiteral("A"), QStringLiteral("gt06=%1").arg(port));
    QVERIFY(node);
    std::unique_ptr<DesktopSession> session = openWindow(db);
    QVERIFY(session);
    QTRY_COMPARE_WITH_TIMEOUT(session->window()->deviceModel()->rowCount(), 1, 15000);

    QElapsedTimer clock;
    clock.start();
    Gt06Device tracker(imei);
    QVERIFY(tracker.connectAndLogin(port));
    const Gt06FrameEncoder encoder;
    const TimeMs t0 = wholeSeconds(wallNow()) - 2 * kMinute;
    int n = 0;
    // `positions` fixes and an SOS after each fifth; waits for every acknowledgement.
    const auto history = [&](int positions) {
        for (int k = 0; k < positions; ++k, ++n) {
            Position p;
            p.deviceTime = t0 + n * kSecond;
            p.valid = true;
            p.latitude = 51.0 + n * 1e-3;
            p.longitude = 21.0;
            if (k % 5 == 4) {
                tracker.socket.write(encoder.alarm(imei, p, alarm::sos, 1000 + n));
                tracker.sent.append(p.deviceTime);
            } else {
                tracker.send(p.deviceTime, p.latitude);
            }
            if (!tracker.waitAcks(n + 1, 10000, clock))
                return false;
        }
        return true;
    };
    QVERIFY2(history(20), node->err.constData());
    const MainWindow *first = session->window();
    QTRY_COMPARE_WITH_TIMEOUT(alarmsOf(first, imei), 4, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(first, imei).activity.lastFixAt, t0 + 19 * kSecond, 3000);
    const ChangeFollower::Stats firstStats = remoteOf(*session)->followerStats();
    QCOMPARE(firstStats.fullLoads, 1);
    QVERIFY2(firstStats.catchUps >= 1, "the first window followed the node live");

    // Closed; the node stores more (three more alarms among them) meanwhile.
    session.reset();
    QVERIFY2(history(15), node->err.constData());
    const qint64 sequenceAtReopen = changeSequence(db);
    QVERIFY(sequenceAtReopen > 0);

    // Opened again: the current state, from one load at (or after) the current sequence.
    session = openWindow(db);
    QVERIFY(session);
    const MainWindow *second = session->window();
    QTRY_COMPARE_WITH_TIMEOUT(second->deviceModel()->rowCount(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(second, imei).activity.lastFixAt, t0 + 34 * kSecond, 5000);
    QCOMPARE(rowOf(second, imei).activity.latitude, 51.034);
    QTRY_VERIFY2_WITH_TIMEOUT(differences(second, cliStatus(m_env, db)).isEmpty(),
        qPrintable(differences(second, cliStatus(m_env, db))), 5000);
    QTest::qWait(1200); // a catch-up replaying the history would have run by now
    const ChangeFollower::Stats reopened = remoteOf(*session)->followerStats();
    qInfo("reopened: loaded at change %lld (sequence %lld when opened), %d catch-ups read %lld "
          "changed rows",
        reopened.loadedAt, sequenceAtReopen, reopened.catchUps, reopened.changedRowsRead);
    QCOMPARE(reopened.fullLoads, 1);
    QVERIFY2(reopened.loadedAt >= sequenceAtReopen,
        qPrintable(QStringLiteral("%1 < %2").arg(reopened.loadedAt).arg(sequenceAtReopen)));
    // Nothing was stored since: no change before the load was read (35 frames, 7 alarms, a
    // login and status events are in the history).
    QCOMPARE(reopened.changedRowsRead, 0);
    QCOMPARE(alarmsOf(second, imei), 0);

    // Live from there: the next alarm shows within a second of its acknowledgement, once, and
    // the follower read only what it changed.
    QVERIFY2(history(5), node->err.constData());
    QElapsedTimer since;
    since.start();
    QTRY_COMPARE_WITH_TIMEOUT(alarmsOf(second, imei), 1, 3000);
    QVERIFY2(since.elapsed() <= kCommitToWindowMs, qPrintable(QString::number(since.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(second, imei).activity.lastFixAt, t0 + 39 * kSecond, 1000);
    const ChangeFollower::Stats live = remoteOf(*session)->followerStats();
    QVERIFY(live.catchUps >= 1);
    QVERIFY2(live.changedRowsRead <= 20,
        qPrintable(QStringLiteral("%1 rows for 5 frames").arg(live.changedRowsRead)));
    QCOMPARE(live.fullLoads, 1);

    tracker.socket.disconnectFromHost();
    session.reset();
    QVERIFY(node->process.state() == QProcess::Running);
}

FW_TEST_CLASS(TstSharedWindows)

#include "tst_sharedwindows.moc"
