// The binary COPY path of positions on PostgreSQL (PostgresCopyWriter) against the multi-row
// INSERT path it replaces: the same positions, edge cases included, must read back identically
// (raw columns and through the history/export reader), and a failing COPY must leave nothing
// behind and the connection usable. The reports' binary COPY read (PostgresSampleReader) must
// give what Qt's cursor gives, in the same order.
#include "PostgresTestServer.h"
#include "TestMain.h"
#include "storage/Database.h"
#include "storage/HistoryReader.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace fw;

namespace {

constexpr TimeMs kT0 = utcTime(2024, 3, 1, 12, 0, 0);

// Every kind of value the writer stores, with the ones that need care (NULLs, NaN, text with
// quotes, NUL, non-ASCII and an unpaired surrogate, attributes of every type).
QList<Position> edgeCasePositions()
{
    QList<Position> list;
    for (int i = 0; i < 200; ++i) {
        Position p;
        p.uniqueId = i % 3 == 0 ? QStringLiteral("dev-b") : QStringLiteral("dev-a");
        p.deviceTime = kT0 + i * 1000;
        p.serverTime = p.deviceTime + 750;
        p.valid = i % 2 == 0;
        p.latitude = 52.123456789 + i * 1e-7;
        p.longitude = -21.000000001 * (i + 1);
        p.altitude = i * 0.1;
        p.speedKph = 1.0 / 3.0 * i;
        p.course = 359.999;
        p.satellites = i % 13;
        p.accuracy = 2.5;
        p.protocol = QStringLiteral("gt06");
        p.attributes.set(attr::batteryLevel, i % 100);
        p.attributes.set(attr::ignition, i % 2 == 1);
        p.attributes.set(attr::odometer, i * 12.75);
        list.append(p);
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    list[1].deviceTime = kNoTime;
    list[2].serverTime = kNoTime;
    list[3].latitude = nan;
    list[3].longitude = inf;
    list[4].altitude = -inf;
    list[4].speedKph = -0.0;
    list[5].satellites = -1;
    list[5].accuracy = 1e300;
    list[6].protocol = QString(); // NULL
    list[7].protocol = QStringLiteral(""); // empty text, not NULL
    list[8].protocol
        = QStringLiteral("it's \"q\" \\ ż\u00e9\u4e2d ") + QChar(0) + QStringLiteral("end");
    list[9].protocol = QStringLiteral("x") + QChar(0xd800) + QStringLiteral("y"); // lone surrogate
    list[10].attributes = Attributes(); // NULL
    list[11].attributes.set(QStringLiteral("text"),
        QString(QStringLiteral("line\nbreak \"quoted\" tab\t ż ") + QChar(0) + u'!'));
    list[11].attributes.set(QStringLiteral("big"), qint64(9'007'199'254'740'993));
    list[11].attributes.set(QStringLiteral("negative"), -12);
    list[11].attributes.set(QStringLiteral("real"), 0.1 + 0.2);
    list[11].attributes.set(QStringLiteral("unsigned"), quint64(18'000'000'000'000'000'000ULL));
    list[12].attributes.set(QStringLiteral("notANumber"), nan);
    list[12].attributes.set(QStringLiteral("empty"), QString());
    list[13].uniqueId = QStringLiteral("not-registered"); // skipped by both paths
    return list;
}

QList<QVariantList> rawRows(Database &db)
{
    QList<QVariantList> rows;
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT device_id, device_time, server_time, valid, latitude, "
                               "longitude, altitude, speed_kph, course, satellites, accuracy, "
                               "protocol, attributes FROM positions ORDER BY id")))
        return rows;
    while (q.next()) {
        QVariantList row;
        for (int c = 0; c < q.record().count(); ++c)
            row.append(q.isNull(c) ? QVariant() : q.value(c));
        rows.append(row);
    }
    return rows;
}

// The history/export reader's view of the same rows, as text that shows every field.
QStringList history(Database &db, const QString &uniqueId)
{
    QStringList out;
    db.forEachPosition(uniqueId, kNoTime, kNoTime, [&out](const Position &p) {
        QStringList attributes;
        for (const Attributes::Entry &e : p.attributes)
            attributes << e.key + u'=' + e.value.toString() + u':'
                    + QString::fromLatin1(e.value.typeName());
        out << QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
                    .arg(p.uniqueId)
                    .arg(p.deviceTime)
                    .arg(p.serverTime)
                    .arg(int(p.valid))
                    .arg(QString::number(p.latitude, 'g', 17),
                        QString::number(p.longitude, 'g', 17), QString::number(p.speedKph, 'g', 17))
                    .arg(p.satellites)
                    .arg(p.protocol.isNull() ? QStringLiteral("<null>") : p.protocol)
                + u'|' + attributes.join(u',');
        return true;
    });
    return out;
}

// The reports' reader's view of one device, as text that shows every field of a TrackSample.
// copy: through PostgresSampleReader's binary COPY, else through Qt SQL's cursor.
QStringList samples(Database &db, const QString &uniqueId, TimeMs from, TimeMs to, bool copy,
    int stopAfter = -1, SampleColumns columns = SampleColumns::All)
{
    if (!copy)
        qputenv("FW_PG_COPY", "0");
    QStringList out;
    const bool ok
        = HistoryReader(db).forEachSample(uniqueId, from, to, columns, [&](const TrackSample &s) {
              out << QStringLiteral("%1|%2|%3|%4|%5|%6|")
                          .arg(s.time)
                          .arg(int(s.valid))
                          .arg(QString::number(s.latitude, 'g', 17),
                              QString::number(s.longitude, 'g', 17),
                              QString::number(s.altitude, 'g', 17),
                              QString::number(s.speedKph, 'g', 17))
                      + QString::fromUtf8(s.attributes);
              return stopAfter < 0 || out.size() < stopAfter;
          });
    qunsetenv("FW_PG_COPY");
    if (!ok)
        out << QStringLiteral("error: ") + db.lastError();
    return out;
}

} // namespace

class TestPostgresCopy : public QObject
{
    Q_OBJECT

private:
    std::optional<DatabaseConfig> freshDatabase()
    {
        auto &server = fw::test::PostgresTestServer::shared();
        QString why;
        if (!server.isRunning() && !server.start())
            why = server.errorString();
        std::optional<DatabaseConfig> config;
        if (server.isRunning())
            config = server.createDatabase(&why);
        if (!config)
            qWarning("PostgreSQL test server unavailable: %s", qPrintable(why));
        return config;
    }

    // Opens `config` with COPY on or off, registers the devices and stores `positions`.
    bool store(Database &db, const DatabaseConfig &config, bool copy,
        const QList<Position> &positions, qsizetype *skipped)
    {
        if (copy)
            qunsetenv("FW_PG_COPY");
        else
            qputenv("FW_PG_COPY", "0");
        const bool opened = db.open(config);
        qunsetenv("FW_PG_COPY");
        if (!opened || db.usesPostgresCopy() != copy)
            return false;
        for (const QString &id : { QStringLiteral("dev-a"), QStringLiteral("dev-b") }) {
            Device d;
            d.uniqueId = id;
            if (!db.addDevice(d))
                return false;
        }
        return db.begin() && db.insertPositions(positions, skipped) && db.commit();
    }

private slots:
    void initTestCase()
    {
        if (!freshDatabase()) {
            if (fw::test::PostgresTestServer::required())
                QFAIL("no PostgreSQL test server");
            QSKIP("no PostgreSQL test server");
        }
        Database probe;
        const auto config = freshDatabase();
        QVERIFY(config && probe.open(*config));
        if (!probe.usesPostgresCopy())
            QSKIP("built without libpq: positions are written as INSERTs only");
    }

    void copyStoresWhatInsertStores()
    {
        const QList<Position> positions = edgeCasePositions();
        const auto copyConfig = freshDatabase();
        const auto insertConfig = freshDatabase();
        QVERIFY(copyConfig && insertConfig);
        Database viaCopy;
        Database viaInsert;
        qsizetype skippedCopy = 0;
        qsizetype skippedInsert = 0;
        QVERIFY2(store(viaCopy, *copyConfig, true, positions, &skippedCopy),
            qPrintable(viaCopy.lastError()));
        QVERIFY2(store(viaInsert, *insertConfig, false, positions, &skippedInsert),
            qPrintable(viaInsert.lastError()));
        QCOMPARE(skippedCopy, 1);
        QCOMPARE(skippedInsert, 1);

        const QList<QVariantList> copied = rawRows(viaCopy);
        const QList<QVariantList> inserted = rawRows(viaInsert);
        QCOMPARE(copied.size(), positions.size() - 1);
        QCOMPARE(inserted.size(), copied.size());
        for (qsizetype r = 0; r < copied.size(); ++r) {
            for (qsizetype c = 0; c < copied.at(r).size(); ++c) {
                const QVariant &a = copied.at(r).at(c);
                const QVariant &b = inserted.at(r).at(c);
                const bool same = a.isNull() == b.isNull() && a.toString() == b.toString();
                QVERIFY2(same,
                    qPrintable(QStringLiteral("row %1 column %2: COPY %3, INSERT %4")
                                   .arg(r)
                                   .arg(c)
                                   .arg(a.isNull() ? QStringLiteral("NULL") : a.toString(),
                                       b.isNull() ? QStringLiteral("NULL") : b.toString())));
            }
        }
        // Spot checks against what the INSERT path is known to store.
        QVERIFY(copied.at(3).at(4).isNull()); // NaN latitude
        QVERIFY(copied.at(3).at(5).isNull()); // infinite longitude
        QVERIFY(copied.at(5).at(9).isNull()); // no satellites
        QVERIFY(copied.at(6).at(11).isNull()); // null protocol
        QCOMPARE(copied.at(7).at(11).toString(), QString()); // empty, not NULL
        QVERIFY(!copied.at(7).at(11).isNull());
        QVERIFY(copied.at(10).at(12).isNull()); // no attributes
        QVERIFY(copied.at(8).at(11).toString().contains(QChar(0xfffd)));

        for (const QString &id : { QStringLiteral("dev-a"), QStringLiteral("dev-b") }) {
            const QStringList a = history(viaCopy, id);
            QVERIFY(!a.isEmpty());
            QCOMPARE(a, history(viaInsert, id));
        }
    }

    // The reports read through binary COPY what Qt's cursor reads, in the same order: device time,
    // then id for equal times even where the index holds them in another order.
    void sampleReadMatchesCursorRead_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<int>("stopAfter");
        QTest::addColumn<SampleColumns>("columns");
        const auto all = SampleColumns::All;
        QTest::newRow("whole history, NULL times first") << kNoTime << kNoTime << -1 << all;
        QTest::newRow("bounded, ends inclusive") << kT0 + 3000 << kT0 + 150'000 << -1 << all;
        QTest::newRow("stopped after 5 rows") << kT0 << kNoTime << 5 << all;
        QTest::newRow("empty period") << kT0 - 10'000 << kT0 - 5000 << -1 << all;
        QTest::newRow("motion only") << kNoTime << kNoTime << -1 << SampleColumns::Motion;
    }
    void sampleReadMatchesCursorRead()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(int, stopAfter);
        QFETCH(SampleColumns, columns);
        const auto config = freshDatabase();
        QVERIFY(config);
        QList<Position> positions = edgeCasePositions();
        // Ties: three positions of dev-a (20, 22, 100) and two of dev-b (21, 102) with one time.
        for (const int i : { 20, 22 })
            positions[i].deviceTime = positions.at(100).deviceTime;
        positions[21].deviceTime = positions.at(102).deviceTime;
        Database db;
        qsizetype skipped = 0;
        QVERIFY2(store(db, *config, true, positions, &skipped), qPrintable(db.lastError()));
        // A rewritten row gets a new place in the table, so the index now returns the first row
        // of a tie after the later ones: only the reader's own id order puts it back.
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("UPDATE positions SET course = course WHERE id IN "
                                      "(SELECT min(id) FROM positions GROUP BY device_id, "
                                      "device_time HAVING count(*) > 1)")));
        QVERIFY(q.numRowsAffected() >= 2);
        for (const QString &id : { QStringLiteral("dev-a"), QStringLiteral("dev-b") }) {
            const QStringList viaCopy = samples(db, id, from, to, true, stopAfter, columns);
            const QStringList viaCursor = samples(db, id, from, to, false, stopAfter, columns);
            if (from != kNoTime && from < kT0)
                QVERIFY(viaCopy.isEmpty());
            else
                QVERIFY(!viaCopy.isEmpty());
            if (stopAfter > 0)
                QCOMPARE(viaCopy.size(), stopAfter);
            QCOMPARE(viaCopy, viaCursor);
            // Left out, the altitude reads as 0 and the fix flag as false; read, the stored ones
            // show.
            const bool altitudes = std::any_of(viaCopy.cbegin(), viaCopy.cend(),
                [](const QString &row) { return row.section(u'|', 4, 4) != u"0"; });
            const bool fixes = std::any_of(viaCopy.cbegin(), viaCopy.cend(),
                [](const QString &row) { return row.section(u'|', 1, 1) != u"0"; });
            QCOMPARE(altitudes, !viaCopy.isEmpty() && columns == SampleColumns::All);
            QCOMPARE(fixes, !viaCopy.isEmpty() && columns == SampleColumns::All);
        }
        // After a stopped read the connection serves the next one.
        QCOMPARE(samples(db, QStringLiteral("dev-a"), kNoTime, kNoTime, true).size(),
            samples(db, QStringLiteral("dev-a"), kNoTime, kNoTime, false).size());
    }

    void failedCopyRollsBackAndConnectionStaysUsable()
    {
        const auto config = freshDatabase();
        QVERIFY(config);
        Database writer;
        QList<Position> first = edgeCasePositions().mid(0, 20);
        qsizetype skipped = 0;
        QVERIFY2(store(writer, *config, true, first, &skipped), qPrintable(writer.lastError()));
        const qint64 before = writer.positionCount();
        QCOMPARE(before, 20 - skipped);

        // Another connection removes dev-b while the writer still has its id cached: the COPY
        // violates the foreign key and the whole group fails.
        {
            Database other;
            QVERIFY(other.open(*config));
            QVERIFY2(other.removeDevice(QStringLiteral("dev-b")), qPrintable(other.lastError()));
        }
        const QList<Position> second = edgeCasePositions().mid(20, 30);
        QVERIFY(writer.begin());
        QVERIFY(!writer.insertPositions(second, &skipped));
        QVERIFY2(writer.lastError().contains(QStringLiteral("foreign key")),
            qPrintable(writer.lastError()));
        QVERIFY(writer.rollback());
        QCOMPARE(writer.positionCount(), before - 7); // dev-b's rows went with the device

        // What the writer does next: fresh ids, the same group again.
        writer.clearDeviceIdCache();
        QVERIFY(writer.begin());
        QVERIFY2(writer.insertPositions(second, &skipped), qPrintable(writer.lastError()));
        QVERIFY(writer.commit());
        QCOMPARE(skipped, 10); // dev-b's rows of the second group
        QCOMPARE(writer.positionCount(), before - 7 + 20);
    }
};

FW_TEST_CLASS(TestPostgresCopy)
#include "tst_postgrescopy.moc"
