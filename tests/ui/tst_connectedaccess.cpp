// What a login may do, in a connected window (issue #14, "who may do what"): the window asks
// the server (Database::capabilities(), on a worker) and a viewer login finds every action that
// would change devices, geofences, rules, commands, alert acknowledgements or the shared fleet
// settings disabled, with the reason as tooltip; an operator finds them enabled. A change the
// server refuses anyway (here: the directory called directly) comes back as a clear message and
// changes nothing.

#include "TestMain.h"

#define FW_EXECUTABLE FW_BINARY_DIR "/bin/fleetwatch"
#include "../cli/CliTestSupport.h"

#include "alerts/AlertListModel.h"
#include "alerts/AlertStore.h"
#include "alerts/AlertsPanel.h"
#include "app/AccessController.h"
#include "app/AlertsController.h"
#include "app/DesktopSession.h"
#include "app/NodesController.h"
#include "details/DeviceDetailsPanel.h"
#include "devicelist/DeviceListModel.h"
#include "devicelist/DeviceListView.h"
#include "fleet/DeviceDirectory.h"
#include "mainwindow/MainWindow.h"
#include "node/FleetSource.h"
#include "diagnostics/DiagnosisPanel.h"
#include "domain/DeviceModelCatalog.h"
#include "nodes/NodesModel.h"
#include "nodes/NodesPanel.h"
#include "remote/ChangeFollower.h"
#include "storage/Database.h"
#include "node/NodeStatusReporter.h"
#include "storage/NodeTable.h"

#include <QAction>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QCoreApplication>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QSignalSpy>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

const QString kDevice = QStringLiteral("864717003283901");
const QString kPassword = QStringLiteral("access-pw-3");

QString execAs(const QString &url, const QString &sql)
{
    return PostgresTestServer::execAs(url, sql);
}

// A new login granted `role` with `db grant`; its URL (empty on failure, *why says why).
QString loginWithRole(const CliEnvironment &env, const QString &adminUrl, const QString &login,
    const QString &role, QString *why)
{
    *why = execAs(adminUrl, QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(login, kPassword));
    if (!why->isEmpty())
        return {};
    const CliResult grant = env.run({ QStringLiteral("db"), QStringLiteral("grant"), role, login,
        QStringLiteral("--db"), adminUrl });
    if (grant.exitCode != 0) {
        *why = QString::fromUtf8(grant.err);
        return {};
    }
    const DatabaseConfig c = *DatabaseConfig::parse(adminUrl);
    return DatabaseConfig::postgres(c.host(), c.port(), c.databaseName(), login, kPassword).url();
}

std::unique_ptr<DesktopSession> connectedWindow(const QString &url, QString *error)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("ConnectedAccess"));
    QSettings().clear();
    DesktopSession::Options options;
    options.serverUrl = url;
    auto session = std::make_unique<DesktopSession>(options);
    if (!session->start(error))
        return nullptr;
    session->window()->show();
    return session;
}

QAction *action(const MainWindow *window, const QString &name)
{
    return window->findChild<QAction *>(name);
}

QPushButton *button(const QWidget *parent, const QString &accessibleName)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>()) {
        if (b->accessibleName() == accessibleName || b->objectName() == accessibleName)
            return b;
    }
    return nullptr;
}

} // namespace

class TstConnectedAccess : public QObject
{
    Q_OBJECT

private slots:
    void viewerFindsChangesDisabledOperatorEnabled();
    void nodesPanelAndSilentNodeInTheWindow();
    void windowShowsTheStoredDiagnosis();
};

void TstConnectedAccess::viewerFindsChangesDisabledOperatorEnabled()
{
    CliEnvironment env;
    QVERIFY(env.init());
    FW_NEW_POSTGRES_DATABASE(env, db);
    const CliResult init = env.run({ QStringLiteral("db"), QStringLiteral("init"),
        QStringLiteral("--db"), db });
    QVERIFY2(init.exitCode == 0, init.err.constData());
    {
        Database setup; // one device and one open alert
        QVERIFY2(setup.open(*DatabaseConfig::parse(db)), qPrintable(setup.lastError()));
        Device d;
        d.uniqueId = kDevice;
        d.name = QStringLiteral("Van 901");
        d.model = QStringLiteral("Concox GT06N");
        d.protocol = QStringLiteral("gt06");
        QVERIFY2(setup.addDevice(d), qPrintable(setup.lastError()));
        Alert a;
        a.rule = QStringLiteral("overspeed");
        a.type = QStringLiteral("overspeed");
        a.uniqueId = kDevice;
        a.time = QDateTime::currentMSecsSinceEpoch();
        a.text = QStringLiteral("Van 901 drove 130 km/h");
        QList<Alert> alerts { a };
        AlertStore store(setup);
        QVERIFY2(store.insertAlerts(alerts), qPrintable(store.lastError()));
    }
    QString why;
    const QString viewerUrl
        = loginWithRole(env, db, QStringLiteral("desk_viewer"), QStringLiteral("viewer"), &why);
    QVERIFY2(!viewerUrl.isEmpty(), qPrintable(why));
    const QString operatorUrl
        = loginWithRole(env, db, QStringLiteral("desk_operator"), QStringLiteral("operator"), &why);
    QVERIFY2(!operatorUrl.isEmpty(), qPrintable(why));

    const QStringList guarded = AccessController::deviceActions()
        + QStringList { QStringLiteral("sendCommand"), QStringLiteral("editGeofences"),
              QStringLiteral("editRules") };

    // The viewer: every change disabled, with the reason as tooltip.
    {
        QString error;
        auto session = connectedWindow(viewerUrl, &error);
        QVERIFY2(session, qPrintable(error));
        MainWindow *window = session->window();
        QVERIFY(session->access());
        QTRY_VERIFY_WITH_TIMEOUT(session->access()->rights().has_value(), 10000);
        QCOMPARE(session->access()->rights()->role, AccessRights::Role::Viewer);
        for (const QString &name : guarded) {
            QAction *a = action(window, name);
            QVERIFY2(a, qPrintable(name));
            QVERIFY2(!a->isEnabled(), qPrintable(name));
            QVERIFY2(a->toolTip().contains(QStringLiteral("viewer")), qPrintable(a->toolTip()));
        }
        QTRY_COMPARE_WITH_TIMEOUT(window->deviceModel()->rowCount(), 1, 10000);
        window->selectDevice(kDevice);
        QTRY_COMPARE_WITH_TIMEOUT(window->details()->uniqueId(), kDevice, 5000);
        QPushButton *edit = button(window->details(), QStringLiteral("Edit device"));
        QVERIFY(edit);
        QVERIFY(!edit->isEnabled());
        QVERIFY(!edit->toolTip().isEmpty());
        QVERIFY(button(window->details(), QStringLiteral("Troubleshoot"))->isEnabled());
        std::unique_ptr<QMenu> menu(window->deviceList()->createContextMenu(kDevice));
        QVERIFY(!menu->findChild<QAction *>(QStringLiteral("edit"))->isEnabled());
        QVERIFY(!menu->findChild<QAction *>(QStringLiteral("block"))->isEnabled());
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("showOnMap"))->isEnabled());

        AlertsPanel *alerts = session->alerts()->panel();
        QTRY_COMPARE_WITH_TIMEOUT(alerts->model()->rowCount(), 1, 10000);
        alerts->table()->selectRow(0);
        QPushButton *ack = alerts->findChild<QPushButton *>(QStringLiteral("acknowledgeButton"));
        QVERIFY(ack);
        QVERIFY(!ack->isEnabled());
        QVERIFY(ack->toolTip().contains(QStringLiteral("acknowledge")));

        // Refused anyway (rights changed, another path): a clear message, nothing changed.
        const QString refused = session->source()->directory()->setBlocked(kDevice, true, kNoTime);
        QVERIFY2(refused.contains(QStringLiteral("refused the change")), qPrintable(refused));
        QVERIFY(!session->source()->directory()->devices().constFirst().blocked);
        QVERIFY(window->isVisible());

        // Made an operator while the window runs: the window follows without a restart.
        const CliResult promote = env.run({ QStringLiteral("db"), QStringLiteral("grant"),
            QStringLiteral("operator"), QStringLiteral("desk_viewer"), QStringLiteral("--db"), db });
        QVERIFY2(promote.exitCode == 0, promote.err.constData());
        QSignalSpy known(session->access(), &AccessController::rightsKnown);
        session->access()->recheck();
        QTRY_COMPARE_WITH_TIMEOUT(known.count(), 1, 10000);
        QVERIFY(session->access()->rights()->editDevices);
        QVERIFY(action(window, QStringLiteral("editDevice"))->isEnabled());
        QVERIFY(button(window->details(), QStringLiteral("Edit device"))->isEnabled());
        session->access()->recheck(); // the same answer again: nothing to redo
        QTest::qWait(500);
        QCOMPARE(known.count(), 1);
    }

    // The operator: the same actions enabled.
    {
        QString error;
        auto session = connectedWindow(operatorUrl, &error);
        QVERIFY2(session, qPrintable(error));
        MainWindow *window = session->window();
        QTRY_VERIFY_WITH_TIMEOUT(session->access()->rights().has_value(), 10000);
        QCOMPARE(session->access()->rights()->role, AccessRights::Role::Operator);
        // Commands need the queue table of a later schema: as the server says.
        for (const QString &name : guarded) {
            const bool expected = name != u"sendCommand" || session->access()->rights()->queueCommands;
            QCOMPARE(action(window, name)->isEnabled(), expected);
        }
        QTRY_COMPARE_WITH_TIMEOUT(window->deviceModel()->rowCount(), 1, 10000);
        window->selectDevice(kDevice);
        QTRY_COMPARE_WITH_TIMEOUT(window->details()->uniqueId(), kDevice, 5000);
        QVERIFY(button(window->details(), QStringLiteral("Edit device"))->isEnabled());
        AlertsPanel *alerts = session->alerts()->panel();
        QTRY_COMPARE_WITH_TIMEOUT(alerts->model()->rowCount(), 1, 10000);
        alerts->table()->selectRow(0);
        QVERIFY(alerts->findChild<QPushButton *>(QStringLiteral("acknowledgeButton"))->isEnabled());

        // What this window changes reaches another follower (another window, `watch`): the
        // acknowledgement (by the database login) and the removal.
        const DeviceModelCatalog catalog;
        ChangeFollower other(*DatabaseConfig::parse(db), &catalog, {});
        QVERIFY2(other.start(), qPrintable(other.lastError()));
        QStringList acknowledgedBy;
        QStringList removed;
        connect(&other, &ChangeFollower::alertStored, this,
            [&](const Alert &a, qint64) { acknowledgedBy << a.acknowledgedBy; });
        connect(&other, &ChangeFollower::deviceRemoved, this,
            [&](const QString &id, qint64) { removed << id; });
        alerts->acknowledgeSelected(QStringLiteral("called the driver"));
        QTRY_COMPARE_WITH_TIMEOUT(acknowledgedBy, QStringList { QStringLiteral("desk_operator") }, 5000);
        QCOMPARE(session->source()->directory()->removeDevice(kDevice), QString());
        QTRY_COMPARE_WITH_TIMEOUT(removed, QStringList { kDevice }, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(window->deviceModel()->rowCount(), 0, 5000);
    }
}

// The Nodes panel of a connected window (View menu) lists the nodes of the database, read on
// a thread of its own; a node whose heartbeat stopped is named in the diagnosis panel.
void TstConnectedAccess::nodesPanelAndSilentNodeInTheWindow()
{
    CliEnvironment env;
    QVERIFY(env.init());
    FW_NEW_POSTGRES_DATABASE(env, db);
    Database setup;
    QVERIFY2(setup.open(*DatabaseConfig::parse(db)), qPrintable(setup.lastError()));
    NodeTable table(setup);
    NodeRecord node;
    node.id = QStringLiteral("east-1");
    node.host = QStringLiteral("ingest-east");
    node.ports.insert(QStringLiteral("gt06"), 5023);
    node.connections = 12;
    QVERIFY2(table.heartbeat(node), qPrintable(table.lastError()));

    QString error;
    auto session = connectedWindow(db, &error);
    QVERIFY2(session, qPrintable(error));
    MainWindow *window = session->window();
    window->resize(1366, 768);
    auto *panel = window->findChild<NodesPanel *>();
    QVERIFY(panel);
    QVERIFY(!panel->accessibleName().isEmpty());
    QVERIFY(panel->toggleViewAction()->associatedObjects().size() >= 1); // in the View menu
    panel->toggleViewAction()->trigger();
    panel->show();
    panel->raise();
    QTRY_COMPARE_WITH_TIMEOUT(panel->model()->rowCount(), 1, 10000);
    QCOMPARE(panel->model()->index(0, 0).data(NodesModel::IdRole).toString(), node.id);
    QCOMPARE(panel->model()->index(0, 0).data(NodesModel::ConnectionsRole).toLongLong(), 12);
    QVERIFY(panel->model()->index(0, 0).data(NodesModel::AliveRole).toBool());
    QVERIFY(panel->width() <= 1366);

    // west-1 reported ten minutes ago (by the server's clock): the diagnosis names it.
    node.id = QStringLiteral("west-1");
    node.host = QStringLiteral("ingest-west");
    QVERIFY2(table.heartbeat(node), qPrintable(table.lastError()));
    QSqlQuery q(setup.connection());
    QVERIFY(q.exec(
        QStringLiteral("UPDATE nodes SET last_seen = last_seen - 600000 WHERE id = 'west-1'")));
    session->nodes()->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(panel->model()->rowCount(), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->model()->index(1, 0).data(NodesModel::AliveRole).toBool(), 5000);
    auto *diagnosis = window->findChild<DiagnosisPanel *>();
    QVERIFY(diagnosis);
    const auto silentTitle = [diagnosis] {
        for (const Finding &f : diagnosis->findings()) {
            if (f.id == u"node-silent")
                return f.title;
        }
        return QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(silentTitle().contains(QStringLiteral("west-1")), 5000);
    QVERIFY(!silentTitle().contains(QStringLiteral("east-1")));
    // Each node's id and host shown in full (the columns follow the rows, not the first one).
    QTableView *nodeTable = panel->findChild<QTableView *>(QStringLiteral("nodeTable"));
    QVERIFY(nodeTable);
    const QAbstractItemView *view = nodeTable; // sizeHintForColumn() is public there
    for (const int column : { int(NodesModel::IdColumn), int(NodesModel::HostColumn) })
        QTRY_VERIFY(nodeTable->columnWidth(column) >= view->sizeHintForColumn(column));
}

// A connected window has no ports of its own: its diagnosis is the one `fleetwatch diagnose` gives
// from the database. Without a node status it says no node reports; once a node stores one that
// saw an unknown device, the window names that device, and its findings are the CLI's.
void TstConnectedAccess::windowShowsTheStoredDiagnosis()
{
    CliEnvironment env;
    QVERIFY(env.init());
    FW_NEW_POSTGRES_DATABASE(env, db);
    Database setup; // creates the schema, as a node would
    QVERIFY2(setup.open(*DatabaseConfig::parse(db)), qPrintable(setup.lastError()));
    QString error;
    auto session = connectedWindow(db, &error);
    QVERIFY2(session, qPrintable(error));
    auto *diagnosis = session->window()->findChild<DiagnosisPanel *>();
    QVERIFY(diagnosis);
    const auto ids = [](const QList<Finding> &findings) {
        QStringList list;
        for (const Finding &f : findings)
            list << f.id + u'/' + f.devices.join(u',');
        list.sort();
        return list;
    };
    QTRY_VERIFY_WITH_TIMEOUT(ids(diagnosis->findings()).contains(QStringLiteral("no-live-node/")),
        10000);

    // A node's status, stored as a running node stores it, that saw an unknown tracker.
    const QString stranger = QStringLiteral("359710049999999");
    DiagnosisInput seen;
    seen.now = QDateTime::currentMSecsSinceEpoch();
    seen.unknown.append({ stranger, QStringLiteral("gt06"), QStringLiteral("127.0.0.1:40001"),
        5023, seen.now, 7 });
    const QJsonObject status
        = NodeStatusReporter::statusJson(QStringLiteral("ingest-north"), seen, IngestStats(), {});
    QVERIFY(setup.setSetting(NodeStatusReporter::settingsKey(QStringLiteral("ingest-north")),
        QString::fromUtf8(QJsonDocument(status).toJson(QJsonDocument::Compact))));
    emit diagnosis->refreshRequested(); // the panel's Refresh, through the fleet source
    QTRY_VERIFY_WITH_TIMEOUT(
        ids(diagnosis->findings()).contains(QStringLiteral("unknown-devices/") + stranger), 10000);
    QVERIFY(!ids(diagnosis->findings()).contains(QStringLiteral("no-live-node/")));

    const CliResult cli
        = env.run({ QStringLiteral("diagnose"), QStringLiteral("--json"), QStringLiteral("--db"), db });
    QCOMPARE(cli.exitCode, 0);
    QStringList cliIds;
    for (const QJsonValue &v : QJsonDocument::fromJson(cli.out).object().value(
             QStringLiteral("findings")).toArray()) {
        const QJsonObject f = v.toObject();
        QStringList devices;
        for (const QJsonValue &d : f.value(QStringLiteral("devices")).toArray())
            devices << d.toString();
        cliIds << f.value(QStringLiteral("id")).toString() + u'/' + devices.join(u',');
    }
    cliIds.sort();
    QCOMPARE(ids(diagnosis->findings()), cliIds);
}

FW_TEST_CLASS(TstConnectedAccess)

#include "tst_connectedaccess.moc"
