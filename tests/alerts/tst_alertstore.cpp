// AlertStore on both databases (SQLite and the throw-away PostgreSQL server): geofences and
// rules with their targets round-trip, every change bumps the version a node polls, an alert is
// stored once by its key, acknowledgement records who, when and the note, and the rule state
// per device is upserted; a failed insert leaves the connection usable.
#include "PostgresTestServer.h"
#include "TestMain.h"

#include "alerts/AlertStore.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;

class TstAlertStore : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    // The shared database of the backend, or empty after QSKIP/QFAIL.
    std::optional<DatabaseConfig> configFor(const QString &backend, const QString &file)
    {
        if (backend == u"sqlite")
            return DatabaseConfig::parse(QStringLiteral("sqlite:") + m_dir.filePath(file));
        auto &server = test::PostgresTestServer::shared();
        if (!server.isRunning() && !server.start())
            return std::nullopt;
        QString error;
        return server.createDatabase(&error);
    }

private slots:
    void backends_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    // A failed insert ends its own transaction: the connection serves the next statement.
    void failedInsertLeavesTheConnectionUsable_data() { backends_data(); }
    void failedInsertLeavesTheConnectionUsable()
    {
        QFETCH(QString, backend);
        const auto config = configFor(backend, QStringLiteral("failed-insert.sqlite"));
        if (!config) {
            if (test::PostgresTestServer::required())
                QFAIL("no PostgreSQL test server");
            QSKIP("no PostgreSQL test server");
        }
        Database db;
        QVERIFY2(db.open(*config), qPrintable(db.lastError()));
        AlertStore store(db);
        {
            QSqlQuery drop(db.connection());
            QVERIFY(drop.exec(QStringLiteral("DROP TABLE alerts")));
        }
        Alert a;
        a.rule = QStringLiteral("r");
        a.type = QStringLiteral("overspeed");
        a.uniqueId = QStringLiteral("a");
        a.time = 1'700'000'000'000;
        QList<Alert> batch = { a };
        QVERIFY(!store.insertAlerts(batch));
        QVERIFY(store.lastError().contains(QStringLiteral("cannot store alerts")));
        QVERIFY(!db.inTransaction());
        QSqlQuery next(db.connection());
        QVERIFY2(next.exec(QStringLiteral("SELECT count(*) FROM devices")),
            qPrintable(next.lastError().text()));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }
    void roundTrip()
    {
        QFETCH(QString, backend);
        std::optional<DatabaseConfig> config;
        if (backend == u"sqlite") {
            config = DatabaseConfig::parse(QStringLiteral("sqlite:")
                                           + m_dir.filePath(QStringLiteral("store.sqlite")));
        } else {
            auto &server = test::PostgresTestServer::shared();
            if (!server.isRunning() && !server.start()) {
                if (test::PostgresTestServer::required())
                    QFAIL(qPrintable(server.errorString()));
                QSKIP(qPrintable(server.errorString()));
            }
            QString error;
            config = server.createDatabase(&error);
            QVERIFY2(config, qPrintable(error));
        }
        Database db;
        QVERIFY2(db.open(*config), qPrintable(db.lastError()));
        AlertStore store(db);
        QCOMPARE(store.configVersion(), std::optional<qint64>(0));

        Geofence g;
        g.name = QStringLiteral("depot");
        g.kind = GeofenceKind::Corridor;
        g.points = { { 50.0, 14.0 }, { 50.1, 14.1 } };
        g.widthM = 80;
        g.speedLimitKph = 30;
        g.group = QStringLiteral("north");
        QVERIFY2(store.addGeofences({ g }), qPrintable(store.lastError()));
        QVERIFY(!store.addGeofences({ g })); // the name is taken
        QVERIFY(store.lastError().contains(QStringLiteral("exists")));
        const auto fences = store.geofences();
        QVERIFY(fences);
        QCOMPARE(fences->size(), 1);
        QCOMPARE(fences->first().kind, GeofenceKind::Corridor);
        QCOMPARE(fences->first().points.size(), 2);
        QCOMPARE(fences->first().widthM, 80.0);
        QCOMPARE(fences->first().group, QStringLiteral("north"));

        AlertRule r;
        r.name = QStringLiteral("fast");
        r.type = RuleType::Overspeed;
        r.limitKph = 90;
        r.after = 30 * kSecond;
        r.devices = { QStringLiteral("a"), QStringLiteral("b") };
        r.targets = { QStringLiteral("email:ops@example.com"), QStringLiteral("window") };
        QVERIFY2(store.addRule(r), qPrintable(store.lastError()));
        const auto rules = store.rules();
        QVERIFY(rules);
        QCOMPARE(rules->size(), 1);
        QCOMPARE(rules->first().after, 30 * kSecond);
        QCOMPARE(rules->first().devices, r.devices);
        QCOMPARE(rules->first().targets, r.targets);
        QCOMPARE(store.configVersion(), std::optional<qint64>(2));

        Alert a;
        a.rule = r.name;
        a.type = QStringLiteral("overspeed");
        a.uniqueId = QStringLiteral("a");
        a.time = 1'700'000'000'000;
        a.text = QStringLiteral("a at 100 km/h");
        a.hasPosition = true;
        a.latitude = 50.05;
        a.longitude = 14.05;
        a.targets = r.targets;
        QList<Alert> batch = { a, a };
        QVERIFY2(store.insertAlerts(batch), qPrintable(store.lastError()));
        QCOMPARE(batch.size(), 1); // the second copy has the same key
        QVERIFY(batch.first().id > 0);
        bool found = false;
        QVERIFY(store.acknowledge(batch.first().id, QStringLiteral("anna"), a.time + kMinute,
                                  QStringLiteral("called"), &found));
        QVERIFY(found);
        QVERIFY(store.acknowledge(9999, QStringLiteral("anna"), a.time, {}, &found));
        QVERIFY(!found);
        const auto stored = store.alerts(QStringLiteral("a"), a.time, a.time);
        QVERIFY(stored);
        QCOMPARE(stored->size(), 1);
        // On PostgreSQL the database login acknowledges (session_user), whoever the caller names.
        QCOMPARE(stored->first().acknowledgedBy,
                 backend == u"postgresql" ? config->user() : QStringLiteral("anna"));
        QCOMPARE(stored->first().acknowledgedAt, a.time + kMinute);
        QCOMPARE(stored->first().note, QStringLiteral("called"));
        QCOMPARE(stored->first().targets, r.targets);
        QVERIFY(store.alerts(QStringLiteral("b"), kNoTime, kNoTime)->isEmpty());

        QVERIFY(store.saveStates({ { QStringLiteral("a"), QJsonObject { { QStringLiteral("x"), 1 } } } }, 1));
        QVERIFY(store.saveStates({ { QStringLiteral("a"), QJsonObject { { QStringLiteral("x"), 2 } } } }, 2));
        QCOMPARE(store.states()->value(QStringLiteral("a")).value(u"x").toInt(), 2);

        QVERIFY(store.removeRule(QStringLiteral("fast"), &found));
        QVERIFY(found);
        QVERIFY(store.removeGeofence(QStringLiteral("nope"), &found));
        QVERIFY(!found);
        QCOMPARE(store.configVersion(), std::optional<qint64>(3));
    }
};

FW_TEST_CLASS(TstAlertStore)
#include "tst_alertstore.moc"
