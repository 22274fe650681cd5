// Diagnosis panel, troubleshooter and command dialog: findings with their severity and the
// one-click registration of an unknown id, the six steps with their verdict icons, and the
// command dialog's SMS text (password masked until revealed) and GPRS availability.

#include "TestMain.h"

#include "commands/CommandCatalog.h"
#include "commands/CommandDialog.h"
#include "diagnostics/DiagnosisModel.h"
#include "diagnostics/DiagnosisPanel.h"
#include "diagnostics/TroubleshooterDialog.h"
#include "dialogs/DeviceEditDialog.h"
#include "domain/DeviceModelCatalog.h"
#include "fleet/DeviceDirectory.h"
#include "util/Clock.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace fw;

namespace {

const TimeMs kNow = utcTime(2024, 5, 1, 10, 0, 0);

class DiagFakeDirectory final : public DeviceDirectory
{
public:
    QList<Device> devices() const override { return m_devices; }
    QString addDevice(const Device &device) override
    {
        m_devices.append(device);
        return {};
    }
    QString updateDevice(const QString &, const Device &) override { return {}; }
    QString removeDevice(const QString &) override { return {}; }
    QString importDevices(const QList<Device> &) override { return {}; }
    QString setBlocked(const QString &, bool, TimeMs) override { return {}; }
    QString devicePassword(const QString &) const override { return {}; }

    QList<Device> m_devices;
};

Finding finding(const QString &id, Finding::Severity severity, const QString &title)
{
    Finding f;
    f.id = id;
    f.severity = severity;
    f.title = title;
    f.action = QStringLiteral("do something");
    return f;
}

Finding unknownFinding(const QString &uniqueId)
{
    Finding f = finding(QStringLiteral("unknown-devices"), Finding::Warning,
        QStringLiteral("Unknown device %1").arg(uniqueId));
    f.devices = { uniqueId };
    f.evidence.insert(QStringLiteral("uniqueId"), uniqueId);
    f.evidence.insert(QStringLiteral("protocol"), QStringLiteral("gt06"));
    f.evidence.insert(QStringLiteral("peer"), QStringLiteral("10.1.2.3:4000"));
    f.evidence.insert(QStringLiteral("port"), 5023);
    return f;
}

} // namespace

class TstDiagnosisUi : public QObject
{
    Q_OBJECT

private slots:
    void panel_showsFindingsAndBanner()
    {
        DiagFakeDirectory directory;
        const DeviceModelCatalog catalog;
        DiagnosisPanel panel(&directory, &catalog);
        QSignalSpy banner(&panel, &DiagnosisPanel::bannerTextChanged);
        panel.setFindings({ finding(QStringLiteral("server-clock-skew"), Finding::Critical,
                                QStringLiteral("Clock is off")),
            finding(QStringLiteral("undecoded-frames"), Finding::Info,
                QStringLiteral("A few odd frames")) });
        const DiagnosisModel *model = panel.model();
        QCOMPARE(model->rowCount(), 2);
        const QModelIndex first = model->index(0, 0);
        QCOMPARE(first.data().toString(), QStringLiteral("Clock is off"));
        QVERIFY(!first.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(model->rowCount(first) >= 2); // evidence and action
        QVERIFY(panel.findingList()->isExpanded(first));
        QCOMPARE(banner.size(), 1);
        QVERIFY(panel.bannerText().contains(u"Clock is off"));
        QVERIFY(!panel.bannerText().contains(u"A few odd frames"));
        // Only info left: the banner clears.
        panel.setFindings({ finding(QStringLiteral("undecoded-frames"), Finding::Info,
            QStringLiteral("A few odd frames")) });
        QCOMPARE(banner.size(), 2);
        QVERIFY(panel.bannerText().isEmpty());
        panel.setFindings({});
        QCOMPARE(panel.model()->rowCount(), 0);
        QCOMPARE(banner.size(), 2);
    }

    void panel_registerButtonOpensPrefilledDialog()
    {
        DiagFakeDirectory directory;
        const DeviceModelCatalog catalog;
        DiagnosisPanel panel(&directory, &catalog);
        const QString id = QStringLiteral("356091080000077");
        panel.setFindings({ unknownFinding(id) });
        auto *button = qobject_cast<QPushButton *>(panel.findingList()->indexWidget(
            panel.model()->index(0, DiagnosisModel::ActionColumn)));
        QVERIFY(button);
        QVERIFY(!button->accessibleName().isEmpty());
        button->click();
        DeviceEditDialog *dialog = panel.registrationDialog();
        QVERIFY(dialog);
        QVERIFY(!dialog->isEditing());
        QCOMPARE(dialog->device().uniqueId, id);
        QVERIFY(dialog->isValid());
        QSignalSpy registered(&panel, &DiagnosisPanel::deviceRegistered);
        dialog->accept();
        QCOMPARE(directory.m_devices.size(), 1);
        QCOMPARE(directory.m_devices.first().uniqueId, id);
        QCOMPARE(registered.size(), 1);
    }

    void panel_updatesInPlace()
    {
        // The reporter sends the whole list again every few seconds: what the operator opened
        // stays open, the Register button stays under the mouse, only changes are announced.
        DiagFakeDirectory directory;
        const DeviceModelCatalog catalog;
        DiagnosisPanel panel(&directory, &catalog);
        QAbstractItemModelTester tester(
            panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        Finding clock = finding(
            QStringLiteral("server-clock-skew"), Finding::Critical, QStringLiteral("Clock is off"));
        clock.evidence.insert(QStringLiteral("medianSkewSeconds"), 300);
        Finding unknown = unknownFinding(QStringLiteral("356091080000077"));
        unknown.evidence.insert(QStringLiteral("frames"), 3);
        panel.setFindings({ clock, unknown });
        const DiagnosisModel *model = panel.model();
        QTreeView *view = panel.findingList();
        const QModelIndex unknownRow = model->index(1, 0);
        QPersistentModelIndex evidence;
        for (int r = 0; r < model->rowCount(unknownRow); ++r) {
            const QModelIndex child = model->index(r, 0, unknownRow);
            if (child.data(DiagnosisModel::KindRole).toInt() == DiagnosisModel::EvidenceItem)
                evidence = child;
        }
        QVERIFY(evidence.isValid());
        view->expand(evidence); // the operator opens the evidence
        view->collapse(model->index(0, 0)); // and closes the clock finding
        QPointer<QPushButton> button = qobject_cast<QPushButton *>(
            view->indexWidget(model->index(1, DiagnosisModel::ActionColumn)));
        QVERIFY(button);

        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
        // Same findings, one evidence value changed, a new one at the top.
        unknown.evidence.insert(QStringLiteral("frames"), 9);
        const Finding port = finding(QStringLiteral("listener-down"), Finding::Critical,
            QStringLiteral("Port 5023 is not listening"));
        panel.setFindings({ port, clock, unknown });
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(inserted.size(), 1); // the new finding only
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(
            model->index(0, 0).data().toString(), QStringLiteral("Port 5023 is not listening"));
        QVERIFY(view->isExpanded(model->index(0, 0))); // new findings open
        QVERIFY(!view->isExpanded(model->index(1, 0))); // closed stays closed
        QVERIFY(evidence.isValid());
        QVERIFY(view->isExpanded(evidence)); // opened stays open
        QVERIFY(button); // the same button, still there
        QCOMPARE(view->indexWidget(model->index(2, DiagnosisModel::ActionColumn)), button.data());
        // One evidence line changed: one dataChanged, for that line's text only.
        QCOMPARE(changed.size(), 1);
        const QModelIndex line = changed.first().at(0).toModelIndex();
        QCOMPARE(line.parent(), QModelIndex(evidence));
        QVERIFY(line.data().toString().contains(QStringLiteral("9")));
        QVERIFY(changed.first().at(2).value<QList<int>>().contains(Qt::DisplayRole));

        // The unknown device was registered: its finding (and button) go, the others stay.
        panel.setFindings({ port, clock });
        QCOMPARE(model->rowCount(), 2);
        QTRY_VERIFY(!button);
        QCOMPARE(reset.size(), 0);
    }

    void troubleshooter_rendersSixStepsWithVerdicts()
    {
        QList<TroubleshootStep> steps;
        for (int i = 1; i <= 6; ++i) {
            TroubleshootStep s;
            s.number = i;
            s.question = QStringLiteral("Question %1").arg(i);
            s.verdict = i <= 3 ? TroubleshootStep::Pass
                : i == 4       ? TroubleshootStep::Fail
                               : TroubleshootStep::CannotCheck;
            s.answer = QStringLiteral("Answer %1").arg(i);
            if (s.verdict != TroubleshootStep::Pass)
                s.action = QStringLiteral("Action %1").arg(i);
            s.evidence.insert(QStringLiteral("frames"), i);
            steps << s;
        }
        TroubleshooterDialog dialog(QStringLiteral("123456789012345"));
        QSignalSpy raw(&dialog, &TroubleshooterDialog::showRawFramesRequested);
        dialog.setSteps(steps);
        QTreeWidget *list = dialog.stepList();
        QCOMPARE(list->topLevelItemCount(), 6);
        QCOMPARE(list->topLevelItem(0)->data(0, Qt::UserRole).toString(), QStringLiteral("pass"));
        QCOMPARE(list->topLevelItem(3)->data(0, Qt::UserRole).toString(), QStringLiteral("fail"));
        QCOMPARE(list->topLevelItem(5)->data(0, Qt::UserRole).toString(),
            QStringLiteral("cannot-check"));
        QCOMPARE(list->topLevelItem(5)->text(1),
            TroubleshooterDialog::verdictTitle(TroubleshootStep::CannotCheck));
        // Distinct icons per verdict.
        const QImage pass
            = TroubleshooterDialog::verdictIcon(TroubleshootStep::Pass).pixmap(16).toImage();
        const QImage fail
            = TroubleshooterDialog::verdictIcon(TroubleshootStep::Fail).pixmap(16).toImage();
        QVERIFY(pass != fail);
        QVERIFY(list->topLevelItem(3)->isExpanded());
        QVERIFY(!list->topLevelItem(0)->isExpanded());
        auto *button = dialog.findChild<QPushButton *>();
        QVERIFY(button);
        for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
            QVERIFY(!b->accessibleName().isEmpty() || b->text() == QStringLiteral("&Close")
                || !b->text().isEmpty());
            if (b->text() == TroubleshooterDialog::tr("Show &raw frames"))
                b->click();
        }
        QCOMPARE(raw.size(), 1);
        QCOMPARE(raw.first().first().toString(), QStringLiteral("123456789012345"));
    }

    void commandDialog_smsMaskedUntilRevealed()
    {
        const DeviceModelCatalog models;
        const CommandCatalog catalog(models);
        ManualClock clock(kNow);
        CommandDialog dialog(&catalog, &clock);
        Device d;
        d.uniqueId = QStringLiteral("123456789012345");
        d.name = QStringLiteral("Van");
        d.model = QStringLiteral("Cloud-on-request tracker");
        d.phone = QStringLiteral("+48600100200");
        d.password = QStringLiteral("S3cr3t");
        dialog.setDevice(d, false);
        dialog.selectCommand(CommandType::ConnectRequest);
        QCOMPARE(dialog.currentCommand(), CommandType::ConnectRequest);
        QCOMPARE(dialog.composedSms(), QStringLiteral("CONNECT,PWD=S3cr3t#"));
        QVERIFY(!dialog.displayedSms().contains(u"S3cr3t"));
        QVERIFY(dialog.displayedSms().startsWith(u"CONNECT,PWD="));
        QVERIFY(!dialog.passwordRevealed());
        dialog.findChild<QCheckBox *>(QStringLiteral("revealPassword"))->setChecked(true);
        QCOMPARE(dialog.displayedSms(), QStringLiteral("CONNECT,PWD=S3cr3t#"));
        dialog.setPasswordRevealed(false);
        QVERIFY(!dialog.displayedSms().contains(u"S3cr3t"));
        dialog.copySms();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("CONNECT,PWD=S3cr3t#"));
        // Offline: no GPRS.
        QVERIFY(!dialog.gprsAvailable());
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("gprsButton"))->isEnabled());
    }

    void commandDialog_gprsWhenOnline()
    {
        const DeviceModelCatalog models;
        const CommandCatalog catalog(models);
        ManualClock clock(kNow);
        CommandDialog dialog(&catalog, &clock);
        Device d;
        d.uniqueId = QStringLiteral("123456789012345");
        d.model = QStringLiteral("Concox GT06N");
        QList<QByteArray> sent;
        dialog.setGprsSender([&sent](const QString &, const QByteArray &bytes,
                                 const std::function<void(bool)> &done) {
            sent << bytes;
            done(true);
        });
        dialog.setDevice(d, true);
        dialog.selectCommand(CommandType::PositionRequest);
        QCOMPARE(
            dialog.gprsAvailable(), supportsGprsCommand(u"gt06", CommandType::PositionRequest));
        if (!dialog.gprsAvailable())
            QSKIP("gt06 has no wire form of a position request");
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("gprsButton"))->isEnabled());
        QVERIFY(dialog.sendOverGprs());
        QCOMPARE(sent.size(), 1);
        QCOMPARE(dialog.pending().size(), 1);
        QCOMPARE(dialog.pendingList()->topLevelItemCount(), 1);
        // The device answers: the row is matched and no longer pending.
        FleetDelta delta;
        DeviceEvent e;
        e.uniqueId = d.uniqueId;
        e.type = EventType::CommandResult;
        e.time = kNow + kSecond;
        e.text = QStringLiteral("http://maps.google.com/maps?q=52.1,21.0");
        delta.events << e;
        dialog.applyDelta(delta);
        QCOMPARE(dialog.pending().size(), 0);
        QVERIFY(!dialog.pendingList()->topLevelItem(0)->text(3).isEmpty());
        dialog.setOnline(false);
        QVERIFY(!dialog.gprsAvailable());
    }

    void commandDialog_explainsPastedReply()
    {
        const DeviceModelCatalog models;
        const CommandCatalog catalog(models);
        ManualClock clock(kNow);
        CommandDialog dialog(&catalog, &clock);
        Device d;
        d.uniqueId = QStringLiteral("123456789012345");
        d.model = QStringLiteral("Cloud-on-request tracker");
        dialog.setDevice(d, false);
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("replyEdit"))
            ->setPlainText(QStringLiteral("Missing APN"));
        const SmsReply reply = dialog.explainReply();
        QCOMPARE(reply.kind, SmsReply::MissingApn);
        QVERIFY(!reply.explanation.isEmpty());
    }
};

FW_TEST_CLASS(TstDiagnosisUi)
#include "tst_diagnosisui.moc"
