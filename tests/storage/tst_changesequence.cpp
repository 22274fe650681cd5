// The change sequence of shared deployments (schema v4): every group a writer commits on
// PostgreSQL carries one number, numbers become visible in commit order across writers, and a
// follower that reads "after S" in one snapshot per notification sees every row once, even with
// two nodes committing at the same time. SQLite keeps working and leaves the numbers empty.

#include "StorageTestSupport.h"
#include "TestMain.h"

#include "domain/DeviceModelCatalog.h"
#include "remote/ChangeFollower.h"
#include "storage/Database.h"
#include "storage/PositionWriter.h"

#include <QSet>
#include <QSqlQuery>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

WriteBatch batchOf(const QString &uniqueId, TimeMs t, quint64 ticket)
{
    WriteBatch b;
    Position p;
    p.uniqueId = uniqueId;
    p.deviceTime = t;
    p.serverTime = t;
    p.valid = true;
    p.latitude = 50.0;
    p.longitude = 14.0;
    b.positions.append(p);
    DeviceActivity a;
    a.uniqueId = uniqueId;
    a.lastPacketAt = t;
    a.lastFixAt = t;
    a.lastFixReceivedAt = t;
    b.activities.append(a);
    b.ticket = ticket;
    return b;
}

bool registerDevices(const DatabaseConfig &config, const QStringList &ids)
{
    Database db;
    QList<Device> devices;
    for (const QString &id : ids) {
        Device d;
        d.uniqueId = id;
        devices.append(d);
    }
    return db.open(config) && db.importDevices(devices);
}

} // namespace

class TestChangeSequence : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { addBackendRows(); }
    void groupsAreNumberedOnPostgresOnly();
    void twoWritersAtOnceNothingMissedNothingRepeated();

private:
    StorageFixture m_fixture;
};

void TestChangeSequence::groupsAreNumberedOnPostgresOnly()
{
    FW_FRESH_CONFIG(m_fixture, config);
    QVERIFY(registerDevices(config, { QStringLiteral("d1"), QStringLiteral("d2") }));
    PositionWriter::Options options;
    options.nodeId = QStringLiteral("node-x");
    PositionWriter writer(config, options);
    QVERIFY(writer.start());
    QVERIFY(writer.submit(batchOf(QStringLiteral("d1"), 1000, 1)));
    QVERIFY(writer.submit(batchOf(QStringLiteral("d2"), 1000, 2)));
    QVERIFY(writer.flush());
    QVERIFY(writer.submit(batchOf(QStringLiteral("d1"), 2000, 3)));
    QVERIFY(writer.flush());
    QVERIFY(writer.stop());

    Database db;
    QVERIFY(db.open(config));
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(QStringLiteral("SELECT p.change_seq, p.node, a.change_seq FROM positions p "
                                  "JOIN device_activity a ON a.device_id = p.device_id "
                                  "ORDER BY p.id")));
    QList<qint64> seqs;
    while (q.next()) {
        if (config.isSqlite()) {
            QVERIFY(q.value(0).isNull()); // SQLite: no numbers, nothing else changes
            QVERIFY(q.value(1).isNull());
            continue;
        }
        seqs.append(q.value(0).toLongLong());
        QCOMPARE(q.value(1).toString(), QStringLiteral("node-x"));
    }
    if (config.isSqlite())
        return;
    // Two groups: the first two rows share a number, the third has the next one; the activity
    // row carries the number of its device's last group.
    QCOMPARE(seqs.size(), 3);
    QCOMPARE(seqs.at(0), seqs.at(1));
    QCOMPARE(seqs.at(2), seqs.at(0) + 1);
    QVERIFY(q.exec(QStringLiteral("SELECT seq FROM change_sequence")) && q.next());
    QCOMPARE(q.value(0).toLongLong(), seqs.at(2));
}

void TestChangeSequence::twoWritersAtOnceNothingMissedNothingRepeated()
{
    FW_FRESH_CONFIG(m_fixture, config);
    if (config.isSqlite()) {
        const DeviceModelCatalog catalog;
        ChangeFollower follower(config, &catalog, {});
        QVERIFY(!follower.start());
        QVERIFY2(follower.lastError().contains(QStringLiteral("PostgreSQL")),
            qPrintable(follower.lastError()));
        return;
    }
    QStringList ids;
    for (int i = 0; i < 20; ++i)
        ids << QStringLiteral("dev%1").arg(i);
    QVERIFY(registerDevices(config, ids));
    const DeviceModelCatalog catalog;
    ChangeFollower::Options followOptions;
    followOptions.positions = true;
    ChangeFollower follower(config, &catalog, followOptions);
    QHash<QString, QString> nodeOf; // key -> node that stored it
    QStringList repeats;
    qint64 lastSeq = 0;
    bool ordered = true;
    connect(&follower, &ChangeFollower::positionStored, this,
        [&](const Position &p, const QString &node, qint64 seq) {
            const QString key = p.uniqueId + QLatin1Char('|') + QString::number(p.deviceTime);
            if (nodeOf.contains(key))
                repeats << key;
            nodeOf.insert(key, node);
            ordered = ordered && seq >= lastSeq;
            lastSeq = seq;
        });
    QVERIFY2(follower.start(), qPrintable(follower.lastError()));

    // Two nodes commit small groups at the same time, each its own devices' positions.
    PositionWriter::Options a;
    a.nodeId = QStringLiteral("a");
    a.flushDelayMs = 1;
    PositionWriter::Options b = a;
    b.nodeId = QStringLiteral("b");
    PositionWriter writerA(config, a);
    PositionWriter writerB(config, b);
    QVERIFY(writerA.start());
    QVERIFY(writerB.start());
    constexpr int kRounds = 150;
    quint64 ticket = 0;
    for (int round = 0; round < kRounds; ++round) {
        for (int i = 0; i < ids.size(); ++i) {
            PositionWriter &w = i % 2 == 0 ? writerA : writerB;
            QVERIFY(w.submit(batchOf(ids.at(i), 1'000'000 + round * 1000, ++ticket)));
        }
        QTest::qWait(2); // the follower reads while both keep committing
    }
    QVERIFY(writerA.flush());
    QVERIFY(writerB.flush());
    const qsizetype expected = qsizetype(kRounds) * ids.size();
    QTRY_COMPARE_WITH_TIMEOUT(nodeOf.size(), expected, 15000);
    QTest::qWait(300);
    QCOMPARE(nodeOf.size(), expected);
    QVERIFY2(repeats.isEmpty(), qPrintable(repeats.join(u' ')));
    QVERIFY(ordered);
    for (int i = 0; i < ids.size(); ++i) {
        const QString key = ids.at(i) + QStringLiteral("|1000000");
        QCOMPARE(nodeOf.value(key), i % 2 == 0 ? QStringLiteral("a") : QStringLiteral("b"));
    }
    QVERIFY(writerA.stats().commits > 10 && writerB.stats().commits > 10);
    qInfo("%lld positions from %llu + %llu group commits, followed to change %lld",
        qlonglong(expected), writerA.stats().commits, writerB.stats().commits,
        follower.sequence());
    QVERIFY(writerA.stop());
    QVERIFY(writerB.stop());
}

FW_TEST_CLASS(TestChangeSequence)
#include "tst_changesequence.moc"
