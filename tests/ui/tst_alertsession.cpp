// Alerts in the real desktop composition (DesktopSession on a SQLite file, real listeners): the
// window's embedded node raises a geofence alert from GT06 positions, and the alert reaches the
// Alerts panel, a loopback webhook receiver and a loopback SMTP server the test starts;
// acknowledging it in the panel stores who and the note; the geofence from the database is on
// the map, and one drawn in the Geofences dialog (opened from the Geofences menu) is stored and
// drawn too. With FW_SCREENSHOT_DIR set, the window and the dialogs are saved as pictures.
#include "LoopbackHttpServer.h"
#include "LoopbackSmtpServer.h"
#include "SettingsTestSupport.h"
#include "TestMain.h"

#include "alerts/AlertListModel.h"
#include "alerts/AlertStore.h"
#include "alerts/AlertsPanel.h"
#include "app/AlertsController.h"
#include "app/DesktopSession.h"
#include "geofences/GeofenceDraft.h"
#include "geofences/GeofenceListModel.h"
#include "geofences/GeofencesDialog.h"
#include "geofences/RuleListModel.h"
#include "geofences/RulesDialog.h"
#include "map/MapWidget.h"
#include "sim/Gt06FrameEncoder.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {
const QString kImei = QStringLiteral("864717003283582");

QAction *menuAction(QWidget *window, const QString &text)
{
    for (QAction *a : window->findChildren<QAction *>()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

void saveShot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("FW_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    w->grab().save(dir + QLatin1Char('/') + name);
}
} // namespace

class TstAlertSession : public QObject
{
    Q_OBJECT

private slots:
    void windowNodeAlertsNotifiesAndEditsGeofences()
    {
        QTemporaryDir dir;
        LoopbackSmtpServer smtp(false);
        QList<HttpRequest> posts;
        LoopbackHttpServer hook([&posts](const HttpRequest &request) {
            posts.append(request);
            return HttpResponse {};
        });
        QVERIFY(smtp.isListening() && hook.isListening());

        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_alertsession"));
        QSettings settings;
        settings.clear();
        const QHash<QString, quint16> ports = assignFreePorts(settings);
        QVERIFY(!ports.isEmpty());
        settings.setValue(QStringLiteral("smtp/host"), QStringLiteral("127.0.0.1"));
        settings.setValue(QStringLiteral("smtp/port"), smtp.port());
        settings.setValue(QStringLiteral("smtp/starttls"), false);
        settings.setValue(QStringLiteral("smtp/from"), QStringLiteral("desk@example.org"));
        settings.sync();

        const QString url = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("a.sqlite"));
        {
            Database db;
            QVERIFY(db.open(*DatabaseConfig::parse(url)));
            Device d;
            d.uniqueId = kImei;
            d.name = QStringLiteral("Van 7");
            d.protocol = QStringLiteral("gt06");
            d.registeredAt = QDateTime::currentMSecsSinceEpoch() - kHour;
            QVERIFY(db.addDevice(d));
            AlertStore store(db);
            Geofence depot;
            depot.name = QStringLiteral("depot");
            depot.kind = GeofenceKind::Circle;
            depot.points = { { 52.2, 21.0 } };
            depot.radiusM = 300;
            QVERIFY(store.addGeofences({ depot }));
            AlertRule arrived;
            arrived.name = QStringLiteral("arrived");
            arrived.type = RuleType::GeofenceEnter;
            arrived.geofence = QStringLiteral("depot");
            arrived.targets = { QStringLiteral("window"), QStringLiteral("email:ops@example.org"),
                QStringLiteral("webhook:") + hook.url(QStringLiteral("/in?key=s3cret")) };
            QVERIFY(store.addRule(arrived));
        }

        DesktopSession::Options options;
        options.databaseUrl = url;
        DesktopSession session(options);
        QString error;
        QVERIFY2(session.start(&error), qPrintable(error));
        MainWindow *window = session.window();
        window->resize(1366, 768);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        AlertsController *alerts = session.alerts();
        QVERIFY(alerts);
        MapWidget *map = window->findChild<MapWidget *>();
        QVERIFY(map);
        QTRY_COMPARE_WITH_TIMEOUT(map->geofenceLayer().count(), 1, 5000);

        // The van drives 1.5 km north of the depot into it and stays a minute (the default
        // 20 s dwell), one GT06 report every 10 s ending now.
        const Gt06FrameEncoder encoder;
        QTcpSocket device;
        device.connectToHost(QHostAddress::LocalHost, ports.value(QStringLiteral("gt06")));
        QVERIFY(device.waitForConnected(5000));
        device.write(encoder.login(kImei, 1));
        QTRY_VERIFY_WITH_TIMEOUT(device.bytesAvailable() >= 10, 5000);
        device.readAll();
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
        for (int i = 0; i <= 16; ++i) {
            Position p;
            p.deviceTime = now - (16 - i) * 10 * kSecond;
            p.valid = true;
            p.latitude = 52.2 + std::max(0.0, 1500.0 - i * 150.0) / 111'195.0;
            p.longitude = 21.0;
            p.speedKph = 30;
            device.write(encoder.position(kImei, p, 2 + i));
        }
        QElapsedTimer sinceSent;
        sinceSent.start();
        QTRY_COMPARE_WITH_TIMEOUT(alerts->panel()->model()->rowCount(), 1, 15000);
        const qint64 panelMs = sinceSent.elapsed();
        const QModelIndex row = alerts->panel()->model()->index(0, 0);
        QCOMPARE(row.data(AlertListModel::DeviceIdRole).toString(), kImei);
        QCOMPARE(alerts->panel()->model()->index(0, AlertListModel::DeviceColumn).data().toString(),
            QStringLiteral("Van 7"));
        QCOMPARE(row.data(AlertListModel::TypeIdRole).toString(), QStringLiteral("geofence-enter"));
        const qint64 id = row.data(AlertListModel::IdRole).toLongLong();
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(posts.size(), 1, 10000);
        const QJsonObject posted = QJsonDocument::fromJson(posts.first().body).object();
        QCOMPARE(posted.value(u"id").toInteger(), id);
        QCOMPARE(posted.value(u"geofence").toString(), QStringLiteral("depot"));
        QTRY_COMPARE_WITH_TIMEOUT(smtp.mails.size(), 1, 10000);
        qInfo("after the last report was sent: in the panel %lld ms, webhook and mail by %lld ms",
            panelMs, sinceSent.elapsed());
        QCOMPARE(smtp.mails.first().recipients, QList<QByteArray> { "ops@example.org" });
        QCOMPARE(alerts->announced(), 1); // the rule tells the window: one tray message

        // Acknowledged in the panel: stored with who and the note.
        alerts->panel()->table()->selectRow(0);
        alerts->panel()->acknowledgeSelected(QStringLiteral("driver called"));
        QTRY_VERIFY_WITH_TIMEOUT(row.data(AlertListModel::AcknowledgedRole).toBool(), 5000);
        {
            Database db;
            QVERIFY(db.open(*DatabaseConfig::parse(url)));
            const auto stored = AlertStore(db).alerts(QString(), kNoTime, kNoTime);
            QVERIFY(stored && stored->size() == 1);
            QVERIFY(!stored->first().acknowledgedBy.isEmpty());
            if (const QString user = qEnvironmentVariable("USER"); !user.isEmpty())
                QCOMPARE(stored->first().acknowledgedBy, user); // the operator, as the CLI
            QCOMPARE(stored->first().note, QStringLiteral("driver called"));
            QVERIFY(stored->first().acknowledgedAt != kNoTime);
        }
        // An alert another node stored (and one the CLI acknowledged) reach the panel too.
        alerts->setPollInterval(200);
        {
            Database db;
            QVERIFY(db.open(*DatabaseConfig::parse(url)));
            AlertStore store(db);
            Alert other;
            other.rule = QStringLiteral("arrived");
            other.type = QStringLiteral("geofence-exit");
            other.uniqueId = QStringLiteral("bus-9");
            other.time = QDateTime::currentMSecsSinceEpoch() - kMinute;
            other.text = QStringLiteral("bus-9 left depot");
            other.geofence = QStringLiteral("depot");
            QList<Alert> list { other };
            QVERIFY(store.insertAlerts(list));
        }
        QTRY_COMPARE_WITH_TIMEOUT(alerts->panel()->model()->rowCount(), 2, 5000);
        QCOMPARE(
            alerts->panel()->model()->index(0, 0).data(AlertListModel::DeviceIdRole).toString(),
            QStringLiteral("bus-9"));
        QCOMPARE(smtp.mails.size(), 1); // not this window's alert to deliver
        QCOMPARE(alerts->announced(), 1);
        alerts->panel()->raise();
        QTest::qWait(50);
        saveShot(window, QStringLiteral("alerts-window.png"));

        // The Geofences menu opens the dialog; a polygon drawn on the map is stored and drawn.
        QAction *open = menuAction(window, QStringLiteral("&Geofences..."));
        QVERIFY(open);
        open->trigger();
        GeofencesDialog *dialog = alerts->geofencesDialog();
        QVERIFY(dialog && dialog->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->rowCount(), 1, 5000);
        dialog->startNew(GeofenceKind::Polygon);
        QCOMPARE(map->tool(), dialog->draft());
        map->setView(QGeoCoordinate(52.2, 21.0), 14);
        const QPointF c(map->width() / 2.0, map->height() / 2.0);
        for (const QPointF &at :
            { c + QPointF(-80, -60), c + QPointF(80, -60), c + QPointF(0, 70) }) {
            QTest::mouseClick(map, Qt::LeftButton, {}, at.toPoint());
            QTest::qWait(QApplication::doubleClickInterval() + 20);
        }
        QCOMPARE(dialog->draft()->points().size(), 3);
        dialog->nameEdit()->setText(QStringLiteral("yard"));
        saveShot(window, QStringLiteral("geofence-drawing.png"));
        saveShot(dialog, QStringLiteral("geofences-dialog.png"));
        dialog->save();
        QCOMPARE(map->tool(), nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(map->geofenceLayer().count(), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->rowCount(), 2, 5000);
        {
            Database db;
            QVERIFY(db.open(*DatabaseConfig::parse(url)));
            const auto fences = AlertStore(db).geofences();
            QVERIFY(fences && fences->size() == 2);
        }
        // Imported from a GeoJSON file: stored and drawn.
        QFile file(dir.filePath(QStringLiteral("zones.geojson")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                   "\"properties\":{\"name\":\"lake\"},\"geometry\":{\"type\":\"Polygon\","
                   "\"coordinates\":[[[21.1,52.3],[21.2,52.3],[21.2,52.4],[21.1,52.3]]]}}]}");
        file.close();
        dialog->importFile(file.fileName());
        QTRY_COMPARE_WITH_TIMEOUT(map->geofenceLayer().count(), 3, 5000);
        QVERIFY(map->geofenceLayer().names().contains(QStringLiteral("lake")));
        dialog->importFile(dir.filePath(QStringLiteral("missing.kml")));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->problem().isEmpty(), 5000);
        QCOMPARE(map->geofenceLayer().count(), 3);
        // Hiding geofences through the menu's toggle.
        QAction *shown = menuAction(window, QStringLiteral("&Show geofences on the map"));
        QVERIFY(shown && shown->isChecked());
        shown->trigger();
        QVERIFY(!map->geofencesVisible());
        shown->trigger();

        menuAction(window, QStringLiteral("Alert &rules..."))->trigger();
        RulesDialog *rules = alerts->rulesDialog();
        QVERIFY(rules && rules->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(rules->model()->rowCount(), 1, 5000);
        const QString tells
            = rules->model()->index(0, RuleListModel::NotifyColumn).data().toString();
        QVERIFY2(tells.contains(QStringLiteral("email:ops@example.org")), qPrintable(tells));
        QVERIFY2(!tells.contains(QStringLiteral("s3cret")), qPrintable(tells)); // not on screen
        saveShot(rules, QStringLiteral("rules-dialog.png"));
        // Both dialogs fit a 1366x768 screen.
        QVERIFY(dialog->frameGeometry().width() <= 1366 && dialog->frameGeometry().height() <= 740);
        QVERIFY(rules->frameGeometry().width() <= 1366 && rules->frameGeometry().height() <= 740);
        QVERIFY(rules->minimumSizeHint().height() <= 700);
        rules->close();
        dialog->close();
    }
    // The window's node takes the dwell from the settings (alerts/dwellSeconds): with 0, one
    // report inside the geofence is enough; with the default 20 s it would not be.
    void windowNodeTakesItsDwellFromTheSettings()
    {
        QTemporaryDir dir;
        QCoreApplication::setApplicationName(QStringLiteral("tst_alertsession_dwell"));
        QSettings settings;
        settings.clear();
        const QHash<QString, quint16> ports = assignFreePorts(settings);
        QVERIFY(!ports.isEmpty());
        settings.setValue(QStringLiteral("alerts/dwellSeconds"), 0);
        settings.sync();
        const QString url = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("d.sqlite"));
        {
            Database db;
            QVERIFY(db.open(*DatabaseConfig::parse(url)));
            Device d;
            d.uniqueId = kImei;
            d.name = QStringLiteral("Van 7");
            d.protocol = QStringLiteral("gt06");
            d.registeredAt = QDateTime::currentMSecsSinceEpoch() - kHour;
            QVERIFY(db.addDevice(d));
            AlertStore store(db);
            Geofence depot;
            depot.name = QStringLiteral("depot");
            depot.kind = GeofenceKind::Circle;
            depot.points = { { 52.2, 21.0 } };
            depot.radiusM = 300;
            QVERIFY(store.addGeofences({ depot }));
            AlertRule arrived;
            arrived.name = QStringLiteral("arrived");
            arrived.type = RuleType::GeofenceEnter;
            arrived.targets = { QStringLiteral("window") };
            QVERIFY(store.addRule(arrived));
        }
        DesktopSession::Options options;
        options.databaseUrl = url;
        DesktopSession session(options);
        QString error;
        QVERIFY2(session.start(&error), qPrintable(error));
        const Gt06FrameEncoder encoder;
        QTcpSocket device;
        device.connectToHost(QHostAddress::LocalHost, ports.value(QStringLiteral("gt06")));
        QVERIFY(device.waitForConnected(5000));
        device.write(encoder.login(kImei, 1));
        QTRY_VERIFY_WITH_TIMEOUT(device.bytesAvailable() >= 10, 5000);
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
        Position outside;
        outside.deviceTime = now - 10 * kSecond;
        outside.valid = true;
        outside.latitude = 52.2 + 1000.0 / 111'195.0;
        outside.longitude = 21.0;
        Position inside = outside;
        inside.deviceTime = now;
        inside.latitude = 52.2;
        device.write(encoder.position(kImei, outside, 2));
        device.write(encoder.position(kImei, inside, 3));
        QTRY_COMPARE_WITH_TIMEOUT(session.alerts()->panel()->model()->rowCount(), 1, 10000);
    }
};

FW_TEST_CLASS(TstAlertSession)
#include "tst_alertsession.moc"
