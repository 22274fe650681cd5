// Details panel, raw console and event log: what they show and the exact model signals.
#include "TestMain.h"

#include "console/RawConsoleWidget.h"
#include "console/RawFrameModel.h"
#include "details/DeviceDetailsPanel.h"
#include "domain/DeviceModelCatalog.h"
#include "events/EventLogModel.h"
#include "events/EventLogWidget.h"
#include "ingest/RawLog.h"
#include "util/Clock.h"

#include <QAbstractItemModelTester>
#include <QChartView>
#include <QCoreApplication>
#include <QGroupBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace {

constexpr fw::TimeMs kT0 = fw::utcTime(2024, 5, 1, 10, 0, 0);

// Keeps QSettings writes (the console remembers hex mode) out of the user's real settings.
void isolateSettings()
{
    static QTemporaryDir dir; // lives as long as the process, for every later class
    QCoreApplication::setOrganizationName(u"FleetWatchTest"_s);
    QCoreApplication::setApplicationName(u"tst_ui"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
}

fw::DeviceSnapshot snapshot(fw::ConnectionStatus status, fw::ReasonCode code)
{
    fw::DeviceSnapshot s;
    s.device.uniqueId = u"490154203237518"_s;
    s.device.name = u"Truck 7"_s;
    s.device.model = u"Concox GT06N"_s;
    s.device.registeredAt = kT0 - 20 * fw::kMinute;
    s.status = status;
    s.reason.code = code;
    s.statusSince = kT0 - 3 * fw::kMinute;
    return s;
}

QPushButton *buttonNamed(QWidget *parent, const QString &accessibleName)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>()) {
        if (b->accessibleName() == accessibleName)
            return b;
    }
    return nullptr;
}

class DetailsPanelTest : public QObject
{
    Q_OBJECT

private slots:
    void showsReasonAndCauses()
    {
        const fw::DeviceModelCatalog catalog;
        fw::ManualClock clock(kT0);
        fw::DeviceDetailsPanel panel(&catalog, &clock);
        fw::DeviceSnapshot s
            = snapshot(fw::ConnectionStatus::Offline, fw::ReasonCode::ClosedByDevice);
        s.activity.lastPacketAt = kT0 - 12 * fw::kMinute;
        s.activity.connectionEnd = fw::ConnectionEnd::ClosedByDevice;
        s.activity.peer = u"10.1.2.3:40001"_s;
        s.activity.localPort = 5023;
        s.activity.protocol = u"gt06"_s;
        panel.setSnapshot(s);

        QVERIFY(panel.hasDevice());
        const auto *reason = panel.findChild<QLabel *>(u"reasonLabel"_s);
        QCOMPARE(reason->text(), s.reason.text());
        QVERIFY(!reason->text().isEmpty());
        const QString causes = panel.findChild<QLabel *>(u"causesLabel"_s)->text();
        const QStringList expected = s.reason.likelyCauses();
        QVERIFY(!expected.isEmpty());
        for (const QString &c : expected)
            QVERIFY2(causes.contains(c.toHtmlEscaped()), qPrintable(c));
        QVERIFY(panel.findChild<QLabel *>(u"statusLabel"_s)
                    ->text()
                    .contains(fw::statusTitle(fw::ConnectionStatus::Offline)));
        QCOMPARE(panel.findChild<QLabel *>(u"peerValue"_s)->text(), u"10.1.2.3"_s);
        QCOMPARE(panel.findChild<QLabel *>(u"peerPortValue"_s)->text(), u"40001"_s);
        QCOMPARE(panel.findChild<QLabel *>(u"localPortValue"_s)->text(), u"5023"_s);
        QVERIFY(panel.findChild<QLabel *>(u"lastPacketValue"_s)->text().contains(u"12 min ago"_s));
        QCOMPARE(
            panel.findChild<QLabel *>(u"connectionEndValue"_s)->text(), u"closed by the device"_s);
        QVERIFY(panel.findChild<QGroupBox *>(u"activationHelp"_s)->isHidden());
        QVERIFY(panel.configSms().isEmpty());

        s.activity.connectionEnd = fw::ConnectionEnd::TimedOut;
        s.reason.code = fw::ReasonCode::TimedOut;
        panel.setSnapshot(s);
        QVERIFY(
            panel.findChild<QLabel *>(u"connectionEndValue"_s)->text().startsWith(u"timed out"_s));
        QCOMPARE(panel.findChild<QLabel *>(u"reasonLabel"_s)->text(), s.reason.text());

        // Relative times follow the injected clock.
        clock.advance(60 * fw::kMinute);
        QVERIFY(panel.findChild<QLabel *>(u"lastPacketValue"_s)->text().contains(u"1 h ago"_s));
    }

    void notActivatedShowsSetupHelp_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("just registered") << int(fw::ConnectionStatus::JustRegistered);
        QTest::newRow("awaiting first data") << int(fw::ConnectionStatus::AwaitingFirstData);
    }

    void notActivatedShowsSetupHelp()
    {
        QFETCH(int, status);
        const fw::DeviceModelCatalog catalog;
        fw::DeviceDetailsPanel panel(&catalog, nullptr);
        panel.setServerAddress(u"track.example.org"_s);
        const auto st = static_cast<fw::ConnectionStatus>(status);
        panel.setSnapshot(snapshot(st, fw::ReasonCode::AwaitingFirstData));
        QVERIFY(!panel.findChild<QGroupBox *>(u"activationHelp"_s)->isHidden());
        QCOMPARE(panel.activationPort(), quint16(5023));
        // The model's default password fills the template when the device has none.
        QCOMPARE(panel.configSms(), u"SERVER,666666,0,track.example.org,5023,0#"_s);
        QCOMPARE(panel.findChild<QLineEdit *>(u"configSms"_s)->text(), panel.configSms());
        const QString server = panel.findChild<QLabel *>(u"serverLabel"_s)->text();
        QVERIFY(server.contains(u"track.example.org"_s));
        QVERIFY(server.contains(u"5023"_s));

        // The device's own password (read where it is kept: snapshots carry no secrets) wins;
        // a configured listening port wins over the default.
        fw::DeviceSnapshot s = snapshot(st, fw::ReasonCode::AwaitingFirstData);
        QVERIFY(s.device.password.isEmpty());
        QStringList asked;
        panel.setPasswordLookup([&asked](const QString &id) {
            asked << id;
            return u"123456"_s;
        });
        panel.setListeningPorts({ { u"gt06"_s, quint16(6000) } });
        panel.setSnapshot(s);
        QVERIFY(asked.contains(s.device.uniqueId));
        QCOMPARE(panel.configSms(), u"SERVER,123456,0,track.example.org,6000,0#"_s);

        // Once it sends data, the help goes away.
        s.status = fw::ConnectionStatus::Online;
        s.reason.code = fw::ReasonCode::FixCurrent;
        panel.setSnapshot(s);
        QVERIFY(panel.findChild<QGroupBox *>(u"activationHelp"_s)->isHidden());
        QVERIFY(panel.configSms().isEmpty());
    }

    void manualActivationWithoutSms()
    {
        const fw::DeviceModelCatalog catalog;
        fw::DeviceDetailsPanel panel(&catalog, nullptr);
        panel.setServerAddress(u"203.0.113.5"_s);
        fw::DeviceSnapshot s = snapshot(
            fw::ConnectionStatus::NeedsManualActivation, fw::ReasonCode::NeedsManualActivation);
        s.device.model = u"Teltonika FMB140"_s;
        panel.setSnapshot(s);
        QVERIFY(!panel.findChild<QGroupBox *>(u"activationHelp"_s)->isHidden());
        QCOMPARE(panel.activationPort(), quint16(5027));
        QVERIFY(panel.configSms().isEmpty());
        QVERIFY(panel.findChild<QLineEdit *>(u"configSms"_s)->isHidden());
        QVERIFY(panel.findChild<QLabel *>(u"serverLabel"_s)->text().contains(u"203.0.113.5"_s));
    }

    void historyTrackAndButtons()
    {
        fw::DeviceDetailsPanel panel;
        fw::DeviceSnapshot s = snapshot(fw::ConnectionStatus::Online, fw::ReasonCode::FixCurrent);
        panel.setSnapshot(s);
        QList<fw::DeviceEvent> history;
        for (int i = 0; i < 3; ++i) {
            fw::DeviceEvent e;
            e.uniqueId = s.device.uniqueId;
            e.time = kT0 + i * fw::kMinute;
            e.text = u"event %1"_s.arg(i);
            history << e;
        }
        panel.setHistory(history);
        const auto *tree = panel.findChild<QTreeWidget *>(u"historyList"_s);
        QCOMPARE(tree->topLevelItemCount(), 3);
        QCOMPARE(tree->topLevelItem(0)->text(2), u"event 2"_s); // newest first

        QList<fw::Position> track;
        for (int i = 0; i < 4; ++i) {
            fw::Position p;
            p.uniqueId = s.device.uniqueId;
            p.deviceTime = kT0 + i * fw::kMinute;
            p.speedKph = 10.0 * i;
            p.altitude = 100 + i;
            p.valid = true;
            p.satellites = 9;
            track << p;
        }
        track.last().attributes.set(fw::attr::batteryLevel, 87);
        panel.setTrack(track);
        const auto *chart = panel.findChild<QChartView *>(u"trackChart"_s);
        QCOMPARE(chart->chart()->series().size(), 2);
        for (QAbstractSeries *series : chart->chart()->series())
            QCOMPARE(static_cast<QLineSeries *>(series)->count(), 4);
        const auto *table = panel.findChild<QTableWidget *>(u"attributesTable"_s);
        QStringList keys;
        for (int r = 0; r < table->rowCount(); ++r)
            keys << table->item(r, 0)->text();
        QVERIFY(keys.contains(u"batteryLevel"_s));
        QVERIFY(keys.contains(u"Satellites"_s));

        QSignalSpy edit(&panel, &fw::DeviceDetailsPanel::editRequested);
        QSignalSpy trouble(&panel, &fw::DeviceDetailsPanel::troubleshootRequested);
        QSignalSpy command(&panel, &fw::DeviceDetailsPanel::sendCommandRequested);
        buttonNamed(&panel, u"Edit device"_s)->click();
        buttonNamed(&panel, u"Troubleshoot"_s)->click();
        buttonNamed(&panel, u"Send command"_s)->click();
        QCOMPARE(edit.size(), 1);
        QCOMPARE(edit.at(0).at(0).toString(), s.device.uniqueId);
        QCOMPARE(trouble.size(), 1);
        QCOMPARE(command.size(), 1);

        // Another device: the previous device's history and track are not shown for it.
        fw::DeviceSnapshot other = s;
        other.device.uniqueId = u"OTHER-1"_s;
        panel.setSnapshot(other);
        QCOMPARE(tree->topLevelItemCount(), 0);

        panel.clear();
        QVERIFY(!panel.hasDevice());
        QVERIFY(!buttonNamed(&panel, u"Edit device"_s)->isEnabled());
    }

    void statusIndicators()
    {
        for (fw::ConnectionStatus st : fw::kAllStatuses) {
            const QImage img = fw::DeviceDetailsPanel::statusPixmap(st, 20, 2.0).toImage();
            QCOMPARE(img.size(), QSize(40, 40));
            const QColor centre = img.pixelColor(20, 20);
            switch (st) {
            case fw::ConnectionStatus::Online:
                QCOMPARE(centre.name(), u"#2e9e44"_s);
                break;
            case fw::ConnectionStatus::GpsOutdated:
                QCOMPARE(centre.name(), u"#ffffff"_s); // green ring, white centre
                QCOMPARE(img.pixelColor(20, 4).name(), u"#2e9e44"_s);
                break;
            case fw::ConnectionStatus::Offline:
                QCOMPARE(centre.name(), u"#d33b2f"_s);
                break;
            case fw::ConnectionStatus::JustRegistered:
            case fw::ConnectionStatus::AwaitingFirstData:
                QCOMPARE(centre.alpha(), 0); // hollow
                break;
            default:
                break;
            }
        }
    }
};

fw::RawFrame frame(const QString &id, fw::FrameOutcome outcome, quint16 port = 5023)
{
    fw::RawFrame f;
    f.time = kT0;
    f.localPort = port;
    f.protocol = u"gt06"_s;
    f.peer = u"10.0.0.1:5555"_s;
    f.uniqueId = id;
    f.bytes = QByteArray::fromHex("787805130001d9dc0d0a");
    f.outcome = outcome;
    f.detail = outcome == fw::FrameOutcome::Undecoded ? u"gt06: bad checksum"_s : u"heartbeat"_s;
    f.reply = QByteArray::fromHex("7878051300010d0a");
    return f;
}

class RawFrameModelTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings(); }

    void appendsAndTrims()
    {
        fw::RawLog log;
        fw::RawFrameModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaxRows(5);
        model.setRawLog(&log);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        QCOMPARE(model.poll(), 0);
        QCOMPARE(inserted.size(), 0);

        for (int i = 0; i < 3; ++i)
            log.append(frame(u"A"_s, fw::FrameOutcome::Decoded));
        QCOMPARE(model.poll(), 3);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(removed.size(), 0);

        // Nothing new: no signal at all.
        QCOMPARE(model.poll(), 0);
        QCOMPARE(inserted.size(), 1);

        // 4 more with room for 5: the 2 oldest go in one range, the 4 new come in one range.
        for (int i = 0; i < 4; ++i)
            log.append(frame(u"A"_s, fw::FrameOutcome::Decoded));
        QCOMPARE(model.poll(), 4);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(removed.at(0).at(2).toInt(), 1);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 1);
        QCOMPARE(inserted.at(1).at(2).toInt(), 4);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.frameAt(0).seq, quint64(3));
        QCOMPARE(model.frameAt(4).seq, quint64(7));

        // More new frames than rows: every old row goes, the newest 5 come.
        for (int i = 0; i < 12; ++i)
            log.append(frame(u"A"_s, fw::FrameOutcome::Decoded));
        QCOMPARE(model.poll(), 5);
        QCOMPARE(removed.size(), 2);
        QCOMPARE(removed.at(1).at(2).toInt(), 4);
        QCOMPARE(inserted.size(), 3);
        QCOMPARE(model.frameAt(0).seq, quint64(15));
        QCOMPARE(model.frameAt(4).seq, quint64(19));

        // Lowering the bound trims at once, in one range.
        model.setMaxRows(2);
        QCOMPARE(removed.size(), 3);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 0);
    }

    void filters()
    {
        fw::RawLog log;
        log.append(frame(u"A"_s, fw::FrameOutcome::Decoded));
        log.append(frame(u"B"_s, fw::FrameOutcome::Undecoded, 5013));
        log.append(frame(u"A"_s, fw::FrameOutcome::UnknownDevice));
        log.append(frame(u"C"_s, fw::FrameOutcome::DroppedBlocked));
        fw::RawFrameModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRawLog(&log);
        QCOMPARE(model.poll(), 4);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        fw::RawLogFilter f;
        f.uniqueId = u"A"_s;
        model.setFilter(f);
        QCOMPARE(model.rowCount(), 2);
        f = {};
        f.outcome = fw::FrameOutcome::Undecoded;
        model.setFilter(f);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.frameAt(0).uniqueId, u"B"_s);
        f = {};
        f.localPort = 5023;
        model.setFilter(f);
        QCOMPARE(model.rowCount(), 3);
        log.append(frame(u"D"_s, fw::FrameOutcome::Decoded, 5013)); // filtered out
        log.append(frame(u"E"_s, fw::FrameOutcome::Decoded, 5023));
        QCOMPARE(model.poll(), 1);
        QCOMPARE(model.frameAt(3).uniqueId, u"E"_s);
        QCOMPARE(reset.size(), 0);

        // Clearing the view keeps old frames away, also across a filter change.
        model.clearView();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.poll(), 0);
        model.setFilter({});
        QCOMPARE(model.rowCount(), 0);
        log.append(frame(u"F"_s, fw::FrameOutcome::Decoded));
        QCOMPARE(model.poll(), 1);
    }

    void displayAndColours()
    {
        fw::RawLog log;
        fw::RawFrame text = frame(u"A"_s, fw::FrameOutcome::Decoded);
        text.protocol = u"h02"_s;
        text.bytes = "*HQ,123,V1#\r\n";
        text.textual = true;
        log.append(text);
        log.append(frame(u"B"_s, fw::FrameOutcome::Undecoded));
        log.append(frame(u"C"_s, fw::FrameOutcome::DroppedBlocked));
        fw::RawFrameModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRawLog(&log);
        model.poll();
        const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.data(model.index(row, column), role);
        };
        QCOMPARE(cell(0, fw::RawFrameModel::DataColumn).toString(), u"*HQ,123,V1#\\r\\n"_s);
        QCOMPARE(
            cell(1, fw::RawFrameModel::DataColumn).toString(), u"78 78 05 13 00 01 d9 dc 0d 0a"_s);
        QCOMPARE(cell(1, fw::RawFrameModel::DetailColumn).toString(), u"gt06: bad checksum"_s);
        QCOMPARE(cell(1, fw::RawFrameModel::ReplyColumn).toString(), u"78 78 05 13 00 01 0d 0a"_s);
        QCOMPARE(cell(1, fw::RawFrameModel::PortColumn).toString(), u"5023/tcp"_s);
        QCOMPARE(cell(1, 0, fw::RawFrameModel::OutcomeIdRole).toString(), u"undecoded"_s);
        QVERIFY(!cell(0, 0, Qt::BackgroundRole).isValid());
        const QColor undecoded = cell(1, 0, Qt::BackgroundRole).value<QColor>();
        QCOMPARE(undecoded.rgb(), QColor(u"#d33b2f"_s).rgb());
        QVERIFY(undecoded.alpha() < 255); // tint, so text stays readable in any palette
        QVERIFY(cell(2, 0, Qt::BackgroundRole).isValid());
        QVERIFY(cell(2, 0, Qt::ForegroundRole).isValid());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setHexOnly(true);
        QCOMPARE(changed.size(), 1);
        const int data = fw::RawFrameModel::DataColumn;
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(0, data));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(2, data));
        QVERIFY(cell(0, fw::RawFrameModel::DataColumn).toString().startsWith(u"2a 48 51"_s));
        model.setHexOnly(true);
        QCOMPARE(changed.size(), 1);

        // Long frames are cut in the view, never in copies.
        fw::RawFrame big = frame(u"D"_s, fw::FrameOutcome::Decoded);
        big.bytes = QByteArray(2000, 'x');
        log.append(big);
        model.poll();
        QVERIFY(cell(3, fw::RawFrameModel::DataColumn).toString().contains(u"2000 bytes"_s));
        QVERIFY(model.rowText(3).contains(fw::RawFrameModel::hexString(big.bytes)));
    }

    void consoleWidget()
    {
        fw::RawLog log;
        log.append(frame(u"A"_s, fw::FrameOutcome::Decoded));
        log.append(frame(u"B"_s, fw::FrameOutcome::Undecoded));
        fw::RawConsoleWidget console;
        console.setRawLog(&log);
        QCOMPARE(console.model()->rowCount(), 2);
        console.setDeviceFilter(u"B"_s);
        QCOMPARE(console.model()->rowCount(), 1);
        console.setDeviceFilter(QString());
        QCOMPARE(console.model()->rowCount(), 2);

        console.setPaused(true);
        log.append(frame(u"C"_s, fw::FrameOutcome::Decoded));
        console.refresh();
        QCOMPARE(console.model()->rowCount(), 2);
        console.setPaused(false); // catches up at once
        QCOMPARE(console.model()->rowCount(), 3);

        console.view()->selectionModel()->select(console.model()->index(1, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QStringList lines = console.selectedRowsText().trimmed().split(u'\n');
        QCOMPARE(lines.size(), 2); // header + one row
        QVERIFY(lines.at(1).contains(u"gt06: bad checksum"_s));

        QTemporaryDir dir;
        const QString path = dir.filePath(u"frames.tsv"_s);
        QCOMPARE(console.saveVisibleRows(path), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 4);

        console.clearView();
        QCOMPARE(console.model()->rowCount(), 0);
    }
};

fw::DeviceEvent makeEvent(const QString &id, fw::EventType type, const QString &text, int minute)
{
    fw::DeviceEvent e;
    e.uniqueId = id;
    e.type = type;
    e.text = text;
    e.time = kT0 + minute * fw::kMinute;
    return e;
}

class EventLogModelTest : public QObject
{
    Q_OBJECT

private slots:
    void appendsBounded()
    {
        fw::EventLogModel model;
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaxRows(4);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.appendEvents({});
        QCOMPARE(inserted.size(), 0);
        model.appendEvents({ makeEvent(u"A"_s, fw::EventType::StatusChange, u"went offline"_s, 0),
            makeEvent(u"B"_s, fw::EventType::Alarm, u"SOS"_s, 1),
            makeEvent(u"A"_s, fw::EventType::StatusChange, u"online"_s, 2) });
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(removed.size(), 0);

        model.appendEvents({ makeEvent(u"A"_s, fw::EventType::Alarm, u"power cut"_s, 3),
            makeEvent(u"C"_s, fw::EventType::StatusPacket, u"Low battery"_s, 4),
            makeEvent(u"A"_s, fw::EventType::Connection, u"closed"_s, 5) });
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(removed.at(0).at(2).toInt(), 1);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 1);
        QCOMPARE(inserted.at(1).at(2).toInt(), 3);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.eventAt(0).text, u"online"_s);
        QCOMPARE(model.data(model.index(3, fw::EventLogModel::TextColumn)).toString(), u"closed"_s);
        QCOMPARE(model.data(model.index(1, 0), fw::EventLogModel::TypeIdRole).toString(),
            fw::eventTypeId(fw::EventType::Alarm));
        QCOMPARE(model.data(model.index(1, 0), fw::EventLogModel::DeviceIdRole).toString(), u"A"_s);
        QCOMPARE(reset.size(), 0);

        // Names: one dataChanged per contiguous run of rows whose shown name changes.
        // Rows are A, A, C, A.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setDeviceNames({ { u"A"_s, u"Truck"_s } });
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 3);
        QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(fw::EventLogModel::DeviceColumn));
        QCOMPARE(
            model.data(model.index(0, fw::EventLogModel::DeviceColumn)).toString(), u"Truck (A)"_s);
        model.clear();
        QCOMPARE(removed.size(), 2);
        QCOMPARE(model.rowCount(), 0);
    }

    void widgetFilters()
    {
        fw::EventLogWidget widget;
        QAbstractItemModelTester tester(
            widget.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        widget.appendEvents({ makeEvent(u"A"_s, fw::EventType::StatusChange, u"went offline"_s, 0),
            makeEvent(u"B"_s, fw::EventType::Alarm, u"SOS"_s, 1),
            makeEvent(u"C"_s, fw::EventType::StatusChange, u"Offline again"_s, 2) });
        QCOMPARE(widget.proxy()->rowCount(), 3);
        widget.setFilterText(u"offline"_s);
        QCOMPARE(widget.proxy()->rowCount(), 2);
        widget.appendEvents({ makeEvent(u"D"_s, fw::EventType::Alarm, u"offline alarm"_s, 3) });
        QCOMPARE(widget.proxy()->rowCount(), 3);
        widget.setFilterText(u"alarm"_s); // the type column counts too
        QCOMPARE(widget.proxy()->rowCount(), 2);
        widget.setFilterText(QString());
        QCOMPARE(widget.proxy()->rowCount(), 4);
    }
};

} // namespace

FW_TEST_CLASS(DetailsPanelTest)
FW_TEST_CLASS(RawFrameModelTest)
FW_TEST_CLASS(EventLogModelTest)
#include "tst_panels.moc"
