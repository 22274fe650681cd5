// The window's alert parts on their own: the alert list model (newest first, live additions,
// a repeated id updates its row, acknowledging changes the row, checked by
// QAbstractItemModelTester), the Alerts panel (open-only filter, acknowledging the selected
// alert with a note, tray and sound switches persisted), the Geofences dialog (a polygon drawn
// through its draft and saved with name, speed limit and group; refusals; editing keeps the old
// name to replace) and the Rules dialog (fields by type, targets, the core's validation).
#include "TestMain.h"

#include "alerts/AlertListModel.h"
#include "alerts/AlertsPanel.h"
#include "dialogs/EmailSettingsPage.h"
#include "dialogs/SettingsDialog.h"
#include "geofences/GeofenceDraft.h"
#include "geofences/GeofenceListModel.h"
#include "geofences/GeofencesDialog.h"
#include "geofences/RuleListModel.h"
#include "geofences/RulesDialog.h"
#include "map/MapProjection.h"
#include "notify/SmtpSettings.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;

namespace {
constexpr TimeMs kT0 = utcTime(2026, 3, 1, 8, 0, 0);

Alert alert(qint64 id, const QString &device, TimeMs time,
    const QString &type = QStringLiteral("geofence-enter"))
{
    Alert a;
    a.id = id;
    a.rule = QStringLiteral("arrived");
    a.type = type;
    a.uniqueId = device;
    a.time = time;
    a.text = QStringLiteral("%1 entered depot").arg(device);
    a.geofence = QStringLiteral("depot");
    return a;
}

} // namespace

class TstAlertsUi : public QObject
{
    Q_OBJECT
    QTemporaryDir m_settingsDir;

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_alertsui"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings().clear();
    }

    void alertModelNewestFirstLiveAndAcknowledged()
    {
        AlertListModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy open(&model, &AlertListModel::unacknowledgedCountChanged);
        Alert done = alert(2, QStringLiteral("van"), kT0 + kMinute);
        done.acknowledgedBy = QStringLiteral("eva");
        done.acknowledgedAt = kT0 + 2 * kMinute;
        model.setAlerts({ alert(1, QStringLiteral("car"), kT0), done });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data(AlertListModel::IdRole).toLongLong(), 2); // newest first
        QCOMPARE(model.unacknowledgedCount(), 1);
        QCOMPARE(model.index(0, AlertListModel::AcknowledgedColumn).data().toString(),
            QStringLiteral("eva"));
        QCOMPARE(
            model.index(0, AlertListModel::AcknowledgedColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("Acknowledged by eva at 2026-03-01 08:02:00"));
        QCOMPARE(model.index(1, AlertListModel::AcknowledgedColumn).data().toString(),
            QStringLiteral("Open"));
        QCOMPARE(model.index(1, AlertListModel::TypeColumn).data().toString(),
            QStringLiteral("Geofence entered"));
        QVERIFY(model.index(1, 0).data(Qt::FontRole).value<QFont>().bold());

        // Live: on top; the same id again only updates its row.
        model.addAlert(
            alert(3, QStringLiteral("bus"), kT0 + 3 * kMinute, QStringLiteral("overspeed")));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(
            model.index(0, AlertListModel::DeviceColumn).data().toString(), QStringLiteral("bus"));
        QCOMPARE(model.unacknowledgedCount(), 2);
        Alert again = alert(3, QStringLiteral("bus"), kT0 + 3 * kMinute);
        again.text = QStringLiteral("changed");
        model.addAlert(again);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, AlertListModel::TextColumn).data().toString(),
            QStringLiteral("changed"));

        model.setAcknowledged(1, QStringLiteral("jan"), kT0 + kHour, QStringLiteral("called"));
        const QModelIndex row = model.index(model.rowOf(1), 0);
        QCOMPARE(row.data(AlertListModel::AcknowledgedRole).toBool(), true);
        QCOMPARE(row.data(AlertListModel::AcknowledgedByRole).toString(), QStringLiteral("jan"));
        QCOMPARE(row.data(AlertListModel::AcknowledgedAtRole).toLongLong(), kT0 + kHour);
        QCOMPARE(row.data(AlertListModel::NoteRole).toString(), QStringLiteral("called"));
        QCOMPARE(model.unacknowledgedCount(), 1);
        QCOMPARE(open.last().first().toInt(), 1);
        QVERIFY(model.roleNames().value(AlertListModel::AcknowledgedByRole) == "acknowledgedBy");

        // Names instead of ids where the window knows them; the id stays in the tooltip.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setDeviceNames({ { QStringLiteral("bus"), QStringLiteral("Bus 12") } });
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, AlertListModel::DeviceColumn).data().toString(),
            QStringLiteral("Bus 12"));
        QCOMPARE(model.index(0, AlertListModel::DeviceColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("bus"));
        QCOMPARE(
            model.index(0, 0).data(AlertListModel::DeviceIdRole).toString(), QStringLiteral("bus"));
        model.setDeviceNames({ { QStringLiteral("bus"), QStringLiteral("Bus 12") } });
        QCOMPARE(changed.size(), 1); // nothing new, no signal
    }

    void panelFiltersAndAcknowledgesTheSelectedAlert()
    {
        AlertsPanel panel;
        panel.resize(700, 250);
        panel.show();
        Alert done = alert(2, QStringLiteral("van"), kT0 + kMinute);
        done.acknowledgedBy = QStringLiteral("eva");
        panel.model()->setAlerts({ alert(1, QStringLiteral("car"), kT0), done });
        QCOMPARE(panel.windowTitle(), QStringLiteral("Alerts (1)"));
        panel.setOpenOnly(true);
        QCOMPARE(panel.proxy()->rowCount(), 1);
        QCOMPARE(panel.proxy()->index(0, 0).data(AlertListModel::IdRole).toLongLong(), 1);
        QCOMPARE(QSettings().value(QStringLiteral("alerts/openOnly")).toBool(), true); // kept
        panel.setOpenOnly(false);
        QCOMPARE(panel.proxy()->rowCount(), 2);

        auto *ack = panel.findChild<QPushButton *>(QStringLiteral("acknowledgeButton"));
        QVERIFY(ack);
        QVERIFY(!ack->isEnabled()); // nothing selected
        QSignalSpy asked(&panel, &AlertsPanel::acknowledgeRequested);
        panel.acknowledgeSelected(QStringLiteral("no selection"));
        QCOMPARE(asked.size(), 0);
        panel.table()->selectRow(1); // alert 1, open
        QVERIFY(ack->isEnabled());
        panel.acknowledgeSelected(QStringLiteral("  driver called  "));
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().at(0).toLongLong(), 1);
        QCOMPARE(asked.first().at(1).toString(), QStringLiteral("driver called"));
        panel.model()->setAcknowledged(1, QStringLiteral("me"), kT0, QStringLiteral("x"));
        QVERIFY(!ack->isEnabled()); // already acknowledged
        QCOMPARE(panel.windowTitle(), QStringLiteral("Alerts"));

        // Tray and sound: switched here, kept in the settings.
        QVERIFY(panel.trayMessages());
        QVERIFY(!panel.sound());
        const auto boxes = panel.findChildren<QCheckBox *>();
        for (QCheckBox *box : boxes) {
            if (box->text().contains(QStringLiteral("So")))
                box->click();
        }
        QVERIFY(panel.sound());
        QCOMPARE(QSettings().value(QStringLiteral("alerts/sound")).toBool(), true);
        AlertsPanel second;
        QVERIFY(second.sound());
        QVERIFY(!second.accessibleName().isEmpty());
        QVERIFY(!second.table()->accessibleName().isEmpty());
    }

    void geofencesDialogDrawsAndSaves()
    {
        GeofencesDialog dialog;
        QAbstractItemModelTester tester(
            dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        Geofence depot;
        depot.name = QStringLiteral("depot");
        depot.kind = GeofenceKind::Circle;
        depot.points = { { 50.0, 14.0 } };
        depot.radiusM = 300;
        depot.speedLimitKph = 20;
        dialog.setGeofences({ depot });
        QCOMPARE(dialog.model()->rowCount(), 1);
        QCOMPARE(dialog.model()->index(0, GeofenceListModel::SpeedLimitColumn).data().toString(),
            QStringLiteral("20 km/h"));
        QCOMPARE(dialog.model()->index(0, 0).data(GeofenceListModel::KindRole).toString(),
            QStringLiteral("circle"));
        QVERIFY(!dialog.saveButton()->isEnabled()); // nothing being drawn

        QSignalSpy started(&dialog, &GeofencesDialog::drawingStarted);
        QSignalSpy finished(&dialog, &GeofencesDialog::drawingFinished);
        QSignalSpy saved(&dialog, &GeofencesDialog::saveRequested);
        dialog.startNew(GeofenceKind::Polygon);
        QCOMPARE(started.size(), 1);
        GeofenceDraft *draft = dialog.draft();
        QCOMPARE(started.first().first().value<GeofenceDraft *>(), draft);
        QVERIFY(!dialog.undoAction()->isEnabled());
        const MapViewport view(MapProjection::toNormalized(50.0, 14.0), 14, QSizeF(400, 300));
        draft->click({ 100, 100 }, view);
        draft->click({ 300, 100 }, view);
        QVERIFY(dialog.undoAction()->isEnabled());
        QVERIFY(!dialog.saveButton()->isEnabled()); // two corners are not a polygon
        dialog.save();
        QCOMPARE(saved.size(), 0);
        draft->click({ 200, 250 }, view);
        QVERIFY(dialog.saveButton()->isEnabled());
        dialog.undoAction()->trigger(); // Ctrl+Z takes the third corner back
        QCOMPARE(draft->points().size(), 2);
        draft->click({ 200, 250 }, view);

        dialog.save(); // no name yet
        QCOMPARE(saved.size(), 0);
        QVERIFY(dialog.problem().contains(QStringLiteral("name")));
        dialog.nameEdit()->setText(QStringLiteral("depot"));
        dialog.save(); // the name is taken
        QCOMPARE(saved.size(), 0);
        QVERIFY(dialog.problem().contains(QStringLiteral("already")));
        dialog.nameEdit()->setText(QStringLiteral("yard"));
        dialog.speedLimitBox()->setValue(30);
        dialog.assignmentBox()->setCurrentIndex(1);
        dialog.save(); // a group without a name
        QCOMPARE(saved.size(), 0);
        dialog.groupEdit()->setText(QStringLiteral("vans"));
        dialog.save();
        QCOMPARE(saved.size(), 1);
        const Geofence yard = saved.first().at(0).value<Geofence>();
        QCOMPARE(yard.name, QStringLiteral("yard"));
        QCOMPARE(yard.kind, GeofenceKind::Polygon);
        QCOMPARE(yard.points.size(), 3);
        QCOMPARE(yard.speedLimitKph, 30.0);
        QCOMPARE(yard.group, QStringLiteral("vans"));
        QCOMPARE(saved.first().at(1).toString(), QString()); // a new one
        QCOMPARE(finished.size(), 1);
        QVERIFY(dialog.draft() == nullptr);

        // For two devices only.
        dialog.startNew(GeofenceKind::Polygon);
        draft = dialog.draft();
        draft->click({ 100, 100 }, view);
        draft->click({ 300, 100 }, view);
        draft->click({ 200, 250 }, view);
        dialog.nameEdit()->setText(QStringLiteral("gate"));
        dialog.assignmentBox()->setCurrentIndex(2);
        dialog.groupEdit()->setText(QStringLiteral("car, van"));
        dialog.save();
        QCOMPARE(saved.size(), 2);
        const Geofence gate = saved.last().at(0).value<Geofence>();
        QCOMPARE(gate.devices, (QStringList { QStringLiteral("car"), QStringLiteral("van") }));
        QVERIFY(gate.group.isEmpty());
        dialog.setGeofences({ depot, gate });
        QCOMPARE(dialog.model()->index(1, GeofenceListModel::AssignedColumn).data().toString(),
            QStringLiteral("car, van"));

        // Editing: the draft starts from the geofence, the old name is the one to replace.
        dialog.table()->selectRow(0);
        dialog.editSelected();
        QCOMPARE(dialog.draft()->kind(), GeofenceKind::Circle);
        QCOMPARE(dialog.draft()->radiusM(), 300.0);
        QCOMPARE(dialog.speedLimitBox()->value(), 20);
        dialog.nameEdit()->setText(QStringLiteral("main depot"));
        dialog.save();
        QCOMPARE(saved.size(), 3);
        QCOMPARE(saved.last().at(1).toString(), QStringLiteral("depot"));
        QCOMPARE(saved.last().at(0).value<Geofence>().radiusM, 300.0);

        QSignalSpy removed(&dialog, &GeofencesDialog::removeRequested);
        dialog.table()->selectRow(0);
        dialog.removeSelected();
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().first().toString(), QStringLiteral("depot"));
        QSignalSpy imported(&dialog, &GeofencesDialog::importRequested);
        dialog.importFile(QStringLiteral("/tmp/zones.kml"));
        QCOMPARE(imported.size(), 1);
    }

    void rulesDialogFieldsTargetsAndValidation()
    {
        RulesDialog dialog;
        QAbstractItemModelTester tester(
            dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.setGeofenceNames({ QStringLiteral("depot"), QStringLiteral("yard") });
        const auto select = [&](const QString &type) {
            dialog.typeBox()->setCurrentIndex(dialog.typeBox()->findData(type));
        };
        select(QStringLiteral("geofence-enter"));
        QVERIFY(dialog.isFieldShown(dialog.geofenceBox()));
        QVERIFY(!dialog.isFieldShown(dialog.afterBox()));
        select(QStringLiteral("offline"));
        QVERIFY(!dialog.isFieldShown(dialog.geofenceBox()));
        QVERIFY(dialog.isFieldShown(dialog.afterBox()));
        QVERIFY(!dialog.isFieldShown(dialog.limitBox()));

        QSignalSpy saved(&dialog, &RulesDialog::saveRequested);
        dialog.nameEdit()->setText(QStringLiteral("gone"));
        dialog.save(); // offline without a duration: the core refuses it
        QCOMPARE(saved.size(), 0);
        QVERIFY2(dialog.problem().contains(QStringLiteral("after")), qPrintable(dialog.problem()));
        dialog.afterBox()->setValue(7200);
        dialog.devicesBox()->setCurrentIndex(2);
        dialog.devicesEdit()->setText(QStringLiteral("car, van"));
        dialog.emailEdit()->setText(QStringLiteral("ops@example.org; boss@example.org"));
        dialog.webhookEdit()->setText(QStringLiteral("https://hooks.example.org/fleet"));
        dialog.save();
        QCOMPARE(saved.size(), 1);
        const AlertRule r = saved.first().first().value<AlertRule>();
        QCOMPARE(r.type, RuleType::Offline);
        QCOMPARE(r.after, 7200 * kSecond);
        QCOMPARE(r.devices, (QStringList { QStringLiteral("car"), QStringLiteral("van") }));
        QCOMPARE(r.targets,
            (QStringList { QStringLiteral("window"), QStringLiteral("email:ops@example.org"),
                QStringLiteral("email:boss@example.org"),
                QStringLiteral("webhook:https://hooks.example.org/fleet") }));
        QVERIFY(r.geofence.isEmpty()); // hidden fields are not part of the rule

        dialog.webhookEdit()->setText(QStringLiteral("ftp://nowhere"));
        dialog.save();
        QCOMPARE(saved.size(), 1);
        QVERIFY(dialog.problem().contains(QStringLiteral("ftp://nowhere")));

        // The list, and editing a listed rule fills the form.
        AlertRule enter;
        enter.name = QStringLiteral("arrived");
        enter.type = RuleType::GeofenceEnter;
        enter.geofence = QStringLiteral("yard");
        enter.group = QStringLiteral("vans");
        enter.targets = { QStringLiteral("webhook:http://127.0.0.1:9/x") };
        dialog.setRules({ enter, r });
        QCOMPARE(dialog.model()->rowCount(), 2);
        QCOMPARE(dialog.model()->index(0, RuleListModel::TypeColumn).data().toString(),
            QStringLiteral("Geofence entered (yard)"));
        QCOMPARE(dialog.model()->index(0, RuleListModel::DevicesColumn).data().toString(),
            QStringLiteral("Group vans"));
        dialog.table()->selectRow(0);
        QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("arrived"));
        QCOMPARE(dialog.geofenceBox()->currentData().toString(), QStringLiteral("yard"));
        QVERIFY(!dialog.windowBox()->isChecked());
        QCOMPARE(dialog.editedRule().targets, enter.targets);
        dialog.save();
        QCOMPARE(saved.size(), 2);
        QCOMPARE(saved.last().at(1).toString(), QStringLiteral("arrived")); // replaces itself
    }
    // The mail server in Settings: the contract's smtp/* keys, the password to the keychain only.
    void settingsKeepTheMailServer()
    {
        SettingsDialog dialog(nullptr);
        auto *page = dialog.findChild<EmailSettingsPage *>();
        QVERIFY(page);
        dialog.showPage(SettingsDialog::EmailPage);
        page->hostEdit()->setText(QStringLiteral("smtp.example.org"));
        QVERIFY(!dialog.isValid()); // a server without a sender address
        page->fromEdit()->setText(QStringLiteral("fleet@example.org"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));
        page->portBox()->setValue(465);
        page->userEdit()->setText(QStringLiteral("fleet"));
        page->passwordEdit()->setText(QStringLiteral("pa55"));
        QSignalSpy secrets(&dialog, &SettingsDialog::secretsEntered);
        dialog.accept();
        QCOMPARE(secrets.size(), 1);
        using Secrets = QHash<QString, QString>;
        const Secrets entered = secrets.first().first().value<Secrets>();
        QCOMPARE(entered.value(kSmtpPasswordKey), QStringLiteral("pa55"));
        const SmtpSettings smtp = SmtpSettings::fromSettings(QSettings());
        QCOMPARE(smtp.host, QStringLiteral("smtp.example.org"));
        QCOMPARE(smtp.port, 465);
        QCOMPARE(smtp.user, QStringLiteral("fleet"));
        QCOMPARE(smtp.from, QStringLiteral("fleet@example.org"));
        QCOMPARE(smtp.url(), QStringLiteral("smtps://smtp.example.org:465"));
        QSettings settings;
        for (const QString &key : settings.allKeys())
            QVERIFY2(settings.value(key).toString() != QStringLiteral("pa55"), qPrintable(key));
        SettingsDialog again(nullptr);
        QCOMPARE(again.findChild<EmailSettingsPage *>()->hostEdit()->text(),
            QStringLiteral("smtp.example.org"));
        QVERIFY(again.findChild<EmailSettingsPage *>()->passwordEdit()->text().isEmpty());
    }
};

FW_TEST_CLASS(TstAlertsUi)
#include "tst_alertsui.moc"
