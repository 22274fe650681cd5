// AlertWorker on a real SQLite file: with no rules and no geofences it takes nothing from the
// ingest side (a fleet without rules pays nothing for them); once a geofence and a rule appear
// in the database it reloads them and raises alerts from the positions handed over after that.

#include "AlertTestSupport.h"
#include "TestMain.h"

#include "alerts/AlertStore.h"
#include "node/AlertWorker.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;

class TstAlertWorker : public QObject
{
    Q_OBJECT

private slots:
    void evaluatesOnlyOnceSomethingIsConfigured()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto config = DatabaseConfig::parse(
            QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("alerts.sqlite")));
        QVERIFY(config);
        Database db;
        QVERIFY2(db.open(*config), qPrintable(db.lastError()));
        AlertStore store(db);

        ManualClock clock(test::kT0);
        AlertWorker::Options options;
        options.alertFlushMs = 10;
        options.rules.dwell = 0;
        AlertWorker worker(*config, &clock, options);
        QSignalSpy started(&worker, &AlertWorker::started);
        QSignalSpy raised(&worker, &AlertWorker::alertRaised);
        worker.start();
        QCOMPARE(started.size(), 1);
        QVERIFY(started.first().at(0).toBool());
        QVERIFY(!worker.evaluating());

        // Nothing configured: entering where a fence will be raises nothing, now or later.
        const auto track = [](TimeMs t0) {
            QList<Position> list;
            for (int i = 0; i <= 4; ++i)
                list.append(test::positionAt(QStringLiteral("car"), t0 + i * 10 * kSecond,
                    test::latAt(0), test::lonAt(1000.0 - i * 250.0)));
            return list;
        };
        QVERIFY(worker.enqueue(track(test::kT0), {}));
        QTest::qWait(50);
        QCOMPARE(raised.size(), 0);

        Geofence depot;
        depot.name = QStringLiteral("depot");
        depot.kind = GeofenceKind::Circle;
        depot.points = { { test::kLat0, test::kLon0 } };
        depot.radiusM = 300;
        QVERIFY2(store.addGeofences({ depot }), qPrintable(store.lastError()));
        worker.reloadIfChanged();
        QVERIFY(worker.evaluating()); // a geofence alone keeps its inside/outside state

        AlertRule rule;
        rule.name = QStringLiteral("arrived");
        rule.type = RuleType::GeofenceEnter;
        rule.geofence = depot.name;
        QVERIFY2(store.addRule(rule), qPrintable(store.lastError()));
        worker.reloadIfChanged();
        QVERIFY(worker.evaluating());

        QVERIFY(worker.enqueue(track(test::kT0 + 3600 * kSecond), {}));
        QVERIFY(QTest::qWaitFor([&] { return raised.size() == 1; }, 5000));
        const auto alert = raised.first().at(0).value<Alert>();
        QCOMPARE(alert.rule, QStringLiteral("arrived"));
        QCOMPARE(alert.geofence, QStringLiteral("depot"));

        // Rules and geofences gone: evaluation stops again.
        bool found = false;
        QVERIFY2(store.removeRule(rule.name, &found) && found, qPrintable(store.lastError()));
        QVERIFY2(store.removeGeofence(depot.name, &found) && found, qPrintable(store.lastError()));
        worker.reloadIfChanged();
        QVERIFY(!worker.evaluating());
        worker.stop();
    }
};

FW_TEST_CLASS(TstAlertWorker)
#include "tst_alertworker.moc"
