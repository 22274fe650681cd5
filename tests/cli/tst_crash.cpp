// Durability of acknowledged data (issue 4): a --headless node on SQLite is killed with SIGKILL
// at random moments while simulated devices (protocols whose acknowledgements promise storage:
// GT06, Teltonika, OsmAnd) send as fast as the acknowledgements allow; after a restart the file
// is intact and every acknowledged position is in it. Then the database is made unable to write
// while the node runs (a full file system, or a lock held by another connection where mounting
// is not possible): acknowledgements stop, the stats say so, and after recovery nothing that
// was acknowledged is missing.

#include "CliTestSupport.h"
#include "TestMain.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <unistd.h>

using namespace fw;
using namespace fw::test;

namespace {

QString integrityCheck(const QString &file)
{
    const QString name
        = QStringLiteral("integrity-%1").arg(QRandomGenerator::global()->generate());
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        if (!db.open())
            return db.lastError().text();
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next())
            result = q.value(0).toString();
        else
            result = q.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

// Keys of every acknowledged position that the database does not hold.
QStringList missing(const QList<AckedPosition> &acks, const QList<StoredPosition> &stored)
{
    QSet<QString> keys;
    for (const StoredPosition &p : stored)
        keys.insert(p.key());
    QStringList out;
    for (const AckedPosition &a : acks) {
        const QString key = StoredPosition::keyOf(a.uniqueId, a.deviceTime);
        if (!keys.contains(key))
            out << key;
    }
    return out;
}

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killNineLosesNothingAcknowledged();
    void unwritableDatabaseLosesNothingAcknowledged();

private:
    CliEnvironment m_env;
};

void TestCrash::initTestCase()
{
    QVERIFY(m_env.init());
}

void TestCrash::killNineLosesNothingAcknowledged()
{
    const QString file = m_env.path(QStringLiteral("crash.sqlite"));
    const QString db = QStringLiteral("sqlite:") + file;
    QRandomGenerator rng(20240917); // fixed: the same "random" moments on every run
    QList<AckedPosition> acks;
    for (int round = 0; round < 3; ++round) {
        // A new fleet each round (other ids), so an acknowledgement of this round can only be
        // satisfied by a row written in this round.
        FleetRun run(m_env, db);
        run.options.devicesPerProtocol = 3;
        run.options.positionsPerDevice = 0; // until killed
        run.options.seed = quint64(100 + round);
        run.options.imeiPrefix = QStringLiteral("8%1").arg(round + 1);
        QVERIFY(run.prepare());
        QVERIFY(run.startNode());
        const qsizetype moment = 200 + rng.bounded(4000);
        run.simulator->start();
        QVERIFY2(QTest::qWaitFor([&] {
                     return run.simulator->stats().positionsAcknowledged >= moment;
                 }, 30000),
                 qPrintable(run.diagnostics()));
        run.node.process.kill();
        QVERIFY(run.node.process.waitForFinished(10000));
        QCOMPARE(run.node.process.exitStatus(), QProcess::CrashExit);
        run.simulator->stop();
        const QList<AckedPosition> roundAcks = run.simulator->acknowledgedPositions();
        QVERIFY(roundAcks.size() >= moment);
        qInfo("round %d: killed after %lld acknowledged positions", round + 1,
              static_cast<long long>(roundAcks.size()));
        acks += roundAcks;
    }

    // Restart on the same file: it opens, listens and stops cleanly.
    FleetRun restart(m_env, db);
    QVERIFY(restart.startNode());
    restart.node.process.terminate();
    QVERIFY(restart.node.process.waitForFinished(30000));
    QVERIFY2(restart.node.process.exitCode() == 0, restart.node.err.constData());

    QCOMPARE(integrityCheck(file), QStringLiteral("ok"));
    const QList<StoredPosition> stored = m_env.exportCsv(db);
    QVERIFY(stored.size() >= acks.size());
    const QStringList lost = missing(acks, stored);
    QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 acknowledged positions lost, e.g. %2")
                                            .arg(lost.size())
                                            .arg(lost.value(0))));
}

void TestCrash::unwritableDatabaseLosesNothingAcknowledged()
{
    // Best: a small file system that fills up. Needs root (mount); else another connection
    // holds the SQLite write lock, which the writer sees as a database it cannot write.
    const QString mountPoint = m_env.path(QStringLiteral("small-fs"));
    QDir().mkpath(mountPoint);
    bool mounted = false;
    if (geteuid() == 0 && !qEnvironmentVariableIsSet("FW_TEST_NO_MOUNT")) {
        mounted = QProcess::execute(QStringLiteral("mount"),
                                    { QStringLiteral("-t"), QStringLiteral("tmpfs"),
                                      QStringLiteral("-o"), QStringLiteral("size=24m"),
                                      QStringLiteral("tmpfs"), mountPoint })
            == 0;
    }
    const auto unmount = qScopeGuard([&] {
        if (mounted)
            QProcess::execute(QStringLiteral("umount"), { QStringLiteral("-l"), mountPoint });
    });
    qInfo("making the database unwritable with %s",
          mounted ? "a full tmpfs" : "an exclusive lock from another connection");

    const QString file = mountPoint + QStringLiteral("/full.sqlite");
    const QString db = QStringLiteral("sqlite:") + file;
    FleetRun run(m_env, db);
    run.options.devicesPerProtocol = 3;
    run.options.positionsPerDevice = 0;
    run.options.seed = 77;
    run.options.imeiPrefix = QStringLiteral("77");
    run.options.ackTimeoutMs = 60000; // keep waiting for acknowledgements while it is down
    QVERIFY(run.prepare());
    QVERIFY(run.startNode());
    run.simulator->start();
    QVERIFY2(QTest::qWaitFor([&] { return run.simulator->stats().positionsAcknowledged >= 500; },
                             30000),
             qPrintable(run.diagnostics()));

    const QString lockName = QStringLiteral("fw-lock");
    QFile filler(mountPoint + QStringLiteral("/filler"));
    if (mounted) {
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray chunk(64 * 1024, '\0');
        while (filler.write(chunk) == chunk.size() && filler.flush()) { }
        const QByteArray small(512, '\0');
        while (filler.write(small) == small.size() && filler.flush()) { }
        filler.close();
    } else {
        QSqlDatabase lock = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
        lock.setDatabaseName(file);
        lock.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=20000"));
        QVERIFY(lock.open());
        QSqlQuery q(lock);
        QVERIFY2(q.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(q.lastError().text()));
    }

    // The node reports it: unhealthy, writes pending; acknowledgements stop.
    QVERIFY2(QTest::qWaitFor([&] {
                 return run.node.lastStats().contains(QStringLiteral("databaseHealthy"))
                     && !run.node.lastStats().value(QStringLiteral("databaseHealthy")).toBool();
             }, 30000),
             qPrintable(run.diagnostics()));
    const qint64 ackedWhenDown = run.simulator->stats().positionsAcknowledged;
    const qsizetype lines = run.node.statsLines().size();
    QVERIFY(QTest::qWaitFor([&] { return run.node.statsLines().size() >= lines + 2; }, 10000));
    const QJsonObject down = run.node.lastStats();
    QVERIFY(!down.value(QStringLiteral("databaseHealthy")).toBool());
    QVERIFY(down.value(QStringLiteral("pendingWrites")).toInt() > 0);
    QCOMPARE(run.simulator->stats().positionsAcknowledged, ackedWhenDown);
    QVERIFY(run.node.err.contains("acknowledgements held")
            || run.node.err.contains("rows pending"));

    // Space (or the lock) comes back: the writer recovers by itself and acknowledgements flow.
    if (mounted) {
        QVERIFY(filler.remove());
    } else {
        {
            QSqlDatabase lock = QSqlDatabase::database(lockName);
            QSqlQuery q(lock);
            q.exec(QStringLiteral("COMMIT"));
            lock.close();
        }
        QSqlDatabase::removeDatabase(lockName);
    }
    QVERIFY2(QTest::qWaitFor([&] {
                 return run.node.lastStats().value(QStringLiteral("databaseHealthy")).toBool()
                     && run.simulator->stats().positionsAcknowledged > ackedWhenDown + 200;
             }, 30000),
             qPrintable(run.diagnostics()));
    run.simulator->stop();
    run.node.process.terminate();
    QVERIFY(run.node.process.waitForFinished(60000));
    QVERIFY2(run.node.process.exitCode() == 0, run.node.err.right(2000).constData());

    const QList<AckedPosition> acks = run.simulator->acknowledgedPositions();
    QCOMPARE(integrityCheck(file), QStringLiteral("ok"));
    const QList<StoredPosition> stored = m_env.exportCsv(db);
    const QStringList lost = missing(acks, stored);
    QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 acknowledged positions lost, e.g. %2")
                                            .arg(lost.size())
                                            .arg(lost.value(0))));
    QCOMPARE(run.node.lastStats().value(QStringLiteral("stored")).toInt(),
             run.node.lastStats().value(QStringLiteral("positions")).toInt());
}

FW_TEST_CLASS(TestCrash)
#include "tst_crash.moc"
