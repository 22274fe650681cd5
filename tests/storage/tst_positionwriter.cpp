#include "StorageTestSupport.h"
#include "TestMain.h"
#include "storage/PositionWriter.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSqlQuery>
#include <QSignalSpy>
#include <QTest>

using namespace fw;

namespace {

constexpr TimeMs kT0 = utcTime(2024, 5, 1, 8, 0, 0);

WriteBatch batch(quint64 ticket, const QString &id, int positions, TimeMs t = kT0)
{
    WriteBatch b;
    b.ticket = ticket;
    for (int i = 0; i < positions; ++i) {
        Position p;
        p.uniqueId = id;
        p.deviceTime = t + qint64(ticket) * 1000 + i;
        p.serverTime = p.deviceTime + 100;
        p.valid = true;
        p.latitude = 50 + i * 0.001;
        p.longitude = 20;
        p.protocol = QStringLiteral("teltonika");
        p.attributes.set(attr::index, qlonglong(ticket));
        b.positions.append(p);
    }
    DeviceActivity a;
    a.uniqueId = id;
    a.lastPacketAt = t + qint64(ticket) * 1000;
    b.activities.append(a);
    return b;
}

bool prepare(const DatabaseConfig &config, const QStringList &ids, QString *error)
{
    Database db;
    if (!db.open(config)) {
        *error = db.lastError();
        return false;
    }
    for (const QString &id : ids) {
        Device d;
        d.uniqueId = id;
        if (!db.addDevice(d)) {
            *error = db.lastError();
            return false;
        }
    }
    return true;
}

qint64 countPositions(const DatabaseConfig &config)
{
    Database db;
    return db.open(config) ? db.positionCount() : -1;
}

QList<quint64> ticketsOf(const QSignalSpy &spy)
{
    QList<quint64> all;
    for (const QList<QVariant> &args : spy)
        all += args.at(0).value<QList<quint64>>();
    return all;
}

QList<quint64> range(quint64 from, quint64 to)
{
    QList<quint64> list;
    for (quint64 t = from; t <= to; ++t)
        list.append(t);
    return list;
}

} // namespace

class TestPositionWriter : public QObject
{
    Q_OBJECT

private:
    fw::test::StorageFixture m_fixture;

private slots:
    void initTestCase_data() { fw::test::addBackendRows(); }

    void groupCommitAndTicketsAfterData()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        QString error;
        QVERIFY2(prepare(config, { QStringLiteral("d1"), QStringLiteral("d2") }, &error),
                 qPrintable(error));
        PositionWriter::Options options;
        options.flushDelayMs = 50;
        PositionWriter writer(config, options);
        // Checked on the writer thread at the moment of the signal, through another connection:
        // every reported ticket's rows must already be readable.
        QMutex mutex;
        qint64 rowsOfReportedTickets = 0;
        QList<qint64> violations;
        connect(
            &writer, &PositionWriter::committed, &writer,
            [&](const QList<quint64> &tickets) {
                const qint64 visible = countPositions(config);
                QMutexLocker lock(&mutex);
                rowsOfReportedTickets += tickets.size() * 10;
                if (visible < rowsOfReportedTickets)
                    violations.append(visible);
            },
            Qt::DirectConnection);
        QSignalSpy spy(&writer, &PositionWriter::committed);
        QVERIFY(writer.start());
        for (quint64 t = 1; t <= 200; ++t)
            QVERIFY(writer.submit(
                batch(t, t % 2 ? QStringLiteral("d1") : QStringLiteral("d2"), 10)));
        QTRY_COMPARE_WITH_TIMEOUT(ticketsOf(spy), range(1, 200), 10'000);
        const PositionWriter::Stats stats = writer.stats();
        QVERIFY2(stats.commits < 200, "submissions must be grouped into fewer transactions");
        QCOMPARE(stats.rowsWritten, quint64(200 * 11));
        QCOMPARE(stats.pendingRows, 0);
        QCOMPARE(stats.refusedBatches, quint64(0));
        QVERIFY(stats.healthy);
        QVERIFY(writer.stop());
        QVERIFY2(violations.isEmpty(), "a ticket was reported before its rows were readable");
        QCOMPARE(countPositions(config), 2000);
    }

    void flushesOnRowThresholdAndOnDelay()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        QString error;
        QVERIFY2(prepare(config, { QStringLiteral("d1") }, &error), qPrintable(error));
        PositionWriter::Options options;
        options.flushRows = 100;
        options.flushDelayMs = 60'000; // only the row threshold can trigger the first commit
        PositionWriter writer(config, options);
        QSignalSpy spy(&writer, &PositionWriter::committed);
        QVERIFY(writer.start());
        for (quint64 t = 1; t <= 9; ++t) // 9 x 11 rows = 99: below the threshold
            QVERIFY(writer.submit(batch(t, QStringLiteral("d1"), 10)));
        QTest::qWait(300);
        QCOMPARE(spy.count(), 0);
        QVERIFY(writer.submit(batch(10, QStringLiteral("d1"), 10)));
        QTRY_COMPARE_WITH_TIMEOUT(ticketsOf(spy), range(1, 10), 5'000);
        QVERIFY(writer.stop());

        PositionWriter::Options delayed;
        delayed.flushDelayMs = 100;
        PositionWriter second(config, delayed);
        QSignalSpy spy2(&second, &PositionWriter::committed);
        QVERIFY(second.start());
        QElapsedTimer timer;
        timer.start();
        QVERIFY(second.submit(batch(11, QStringLiteral("d1"), 1)));
        QTRY_COMPARE_WITH_TIMEOUT(spy2.count(), 1, 5'000);
        QVERIFY2(timer.elapsed() >= 90, "a single row waits for the group-commit delay");
        QVERIFY(second.stop());
        QCOMPARE(countPositions(config), 101);
    }

    void refusesWhenQueueIsFullAndFlushesOnStop()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        QString error;
        QVERIFY2(prepare(config, { QStringLiteral("d1") }, &error), qPrintable(error));
        PositionWriter::Options options;
        options.maxPendingRows = 55;
        options.flushDelayMs = 60'000;
        PositionWriter writer(config, options);
        // Not started yet: nothing drains the queue.
        for (quint64 t = 1; t <= 5; ++t)
            QVERIFY(writer.submit(batch(t, QStringLiteral("d1"), 10)));
        QVERIFY(!writer.submit(batch(6, QStringLiteral("d1"), 10)));
        QVERIFY(!writer.submit(batch(7, QStringLiteral("d1"), 10)));
        PositionWriter::Stats stats = writer.stats();
        QCOMPARE(stats.refusedBatches, quint64(2));
        QCOMPARE(stats.refusedRows, quint64(22));
        QCOMPARE(stats.pendingRows, 55);
        QSignalSpy spy(&writer, &PositionWriter::committed);
        QVERIFY(writer.start());
        QVERIFY(writer.flush(10'000)); // does not wait for the 60 s delay
        QCOMPARE(writer.stats().pendingRows, 0);
        QVERIFY(writer.submit(batch(8, QStringLiteral("d1"), 10)));
        QVERIFY(writer.stop()); // writes what is pending
        QCOMPARE(countPositions(config), 60);
        QTRY_COMPARE(ticketsOf(spy), (QList<quint64> { 1, 2, 3, 4, 5, 8 }));
    }

    void skipsUnregisteredDevices()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        QString error;
        QVERIFY2(prepare(config, { QStringLiteral("d1") }, &error), qPrintable(error));
        PositionWriter writer(config);
        QSignalSpy spy(&writer, &PositionWriter::committed);
        QVERIFY(writer.start());
        QVERIFY(writer.submit(batch(1, QStringLiteral("d1"), 3)));
        QVERIFY(writer.submit(batch(2, QStringLiteral("ghost"), 3)));
        QVERIFY(writer.flush());
        QTRY_COMPARE(ticketsOf(spy), (QList<quint64> { 1, 2 }));
        QCOMPARE(writer.stats().skippedRows, quint64(4));
        QVERIFY(writer.isHealthy());
        // A device removed through another connection: the writer notices and skips it.
        {
            Database db;
            QVERIFY(db.open(config));
            QVERIFY(db.removeDevice(QStringLiteral("d1")));
        }
        QVERIFY(writer.submit(batch(3, QStringLiteral("d1"), 3)));
        QVERIFY(writer.flush());
        QTRY_COMPARE(ticketsOf(spy), (QList<quint64> { 1, 2, 3 }));
        QVERIFY(writer.isHealthy());
        QVERIFY(writer.stop());
        QCOMPARE(countPositions(config), 0);
    }

    void survivesOutage_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("read-only") << QStringLiteral("read-only");
        QTest::newRow("disk-full") << QStringLiteral("disk-full");
        QTest::newRow("server-stopped") << QStringLiteral("server-stopped");
    }

    void survivesOutage()
    {
        QFETCH(QString, kind);
        FW_FRESH_CONFIG(m_fixture, config);
        if (kind == QLatin1String("disk-full") && config.isPostgres())
            QSKIP("PostgreSQL has no per-connection size limit to simulate a full disk");
        if (kind == QLatin1String("server-stopped") && config.isSqlite())
            QSKIP("an open SQLite file cannot be taken away; covered by read-only/disk-full");
        QString error;
        QVERIFY2(prepare(config, { QStringLiteral("d1") }, &error), qPrintable(error));
        PositionWriter::Options options;
        options.flushDelayMs = 10;
        options.retryMinMs = 50;
        options.retryMaxMs = 400;
        PositionWriter writer(config, options);
        QSignalSpy committed(&writer, &PositionWriter::committed);
        QSignalSpy health(&writer, &PositionWriter::healthChanged);
        QVERIFY(writer.start());
        QVERIFY(writer.submit(batch(1, QStringLiteral("d1"), 10)));
        QTRY_COMPARE(ticketsOf(committed), (QList<quint64> { 1 }));

        // Break the database.
        auto &server = fw::test::PostgresTestServer::shared();
        if (kind == QLatin1String("read-only")) {
            QVERIFY(writer.runOnWriterThread([&](Database &db) {
                db.exec(config.isSqlite()
                            ? QStringLiteral("PRAGMA query_only = ON")
                            : QStringLiteral("SET default_transaction_read_only = on"));
            }));
        } else if (kind == QLatin1String("disk-full")) {
            QVERIFY(writer.runOnWriterThread([](Database &db) {
                QSqlQuery q(db.connection());
                q.exec(QStringLiteral("PRAGMA page_count"));
                q.next();
                const int pages = q.value(0).toInt();
                q.finish();
                q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
            }));
        } else {
            QVERIFY2(server.stop(), qPrintable(server.errorString()));
        }
        // Enough rows to need new pages.
        for (quint64 t = 2; t <= 40; ++t)
            QVERIFY(writer.submit(batch(t, QStringLiteral("d1"), 50)));
        QTRY_COMPARE_WITH_TIMEOUT(health.count(), 1, 10'000);
        QCOMPARE(health.at(0).at(0).toBool(), false);
        QVERIFY(!health.at(0).at(1).toString().isEmpty());
        QVERIFY(!writer.isHealthy());
        QTest::qWait(500); // several retries while broken
        QCOMPARE(health.count(), 1); // reported once per change, not per retry
        QCOMPARE(ticketsOf(committed), (QList<quint64> { 1 })); // nothing acknowledged
        QCOMPARE(writer.stats().pendingRows, 39 * 51);
        QVERIFY(!writer.flush(200)); // bounded wait, reports that data is still pending

        // Repair it.
        if (kind == QLatin1String("read-only")) {
            QVERIFY(writer.runOnWriterThread([&](Database &db) {
                db.exec(config.isSqlite()
                            ? QStringLiteral("PRAGMA query_only = OFF")
                            : QStringLiteral("SET default_transaction_read_only = off"));
            }));
        } else if (kind == QLatin1String("disk-full")) {
            QVERIFY(writer.runOnWriterThread([](Database &db) {
                db.exec(QStringLiteral("PRAGMA max_page_count = 1073741823"));
            }));
        } else {
            QVERIFY2(server.start(), qPrintable(server.errorString()));
        }
        QTRY_COMPARE_WITH_TIMEOUT(health.count(), 2, 10'000);
        QCOMPARE(health.at(1).at(0).toBool(), true);
        QVERIFY(writer.flush(10'000));
        QTRY_COMPARE(ticketsOf(committed), range(1, 40));
        QVERIFY(writer.stop());
        QCOMPARE(countPositions(config), 10 + 39 * 50); // nothing lost, nothing doubled
    }

    void retentionDeletesOldPositions()
    {
        FW_FRESH_CONFIG(m_fixture, config);
        QString error;
        QVERIFY2(prepare(config, { QStringLiteral("d1"), QStringLiteral("d2") }, &error),
                 qPrintable(error));
        const TimeMs now = kT0 + 30 * kDay;
        PositionWriter::Options options;
        options.retentionChunk = 7;
        options.clock = [now]() { return now; };
        PositionWriter writer(config, options);
        QVERIFY(writer.start());
        QVERIFY(writer.submit(batch(1, QStringLiteral("d1"), 40, kT0))); // 30 days old
        QVERIFY(writer.submit(batch(2, QStringLiteral("d2"), 25, kT0 + 10 * kDay))); // 20 days
        QVERIFY(writer.submit(batch(3, QStringLiteral("d1"), 5, now - kDay))); // recent
        QVERIFY(writer.flush());
        writer.setRetentionDays(25);
        QTRY_COMPARE_WITH_TIMEOUT(writer.stats().retentionDeleted, quint64(40), 10'000);
        writer.setRetentionDays(5);
        QTRY_COMPARE_WITH_TIMEOUT(writer.stats().retentionDeleted, quint64(65), 10'000);
        // Ingest keeps working while retention runs.
        QVERIFY(writer.submit(batch(4, QStringLiteral("d2"), 5, now)));
        QVERIFY(writer.flush());
        QVERIFY(writer.stop());
        QCOMPARE(countPositions(config), 10);
    }
};

FW_TEST_CLASS(TestPositionWriter)
#include "tst_positionwriter.moc"
