// Device dialogs (register/edit, block, import) against a fake DeviceDirectory, and the
// settings dialog against isolated QSettings.
#include "TestMain.h"

#include "dialogs/BlockDialog.h"
#include "dialogs/DeviceEditDialog.h"
#include "dialogs/ImportDevicesDialog.h"
#include "dialogs/SettingsDialog.h"
#include "domain/DeviceModelCatalog.h"
#include "fleet/DeviceDirectory.h"
#include "protocols/ProtocolRegistry.h"
#include "util/Clock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr fw::TimeMs kT0 = fw::utcTime(2024, 5, 1, 10, 0, 0);

void isolateSettings()
{
    static QTemporaryDir dir; // lives as long as the process, for every later class
    QCoreApplication::setOrganizationName(u"FleetWatchTest"_s);
    QCoreApplication::setApplicationName(u"tst_ui"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
}

class FakeDirectory final : public fw::DeviceDirectory
{
public:
    QList<fw::Device> list;
    QList<fw::Device> added;
    QList<std::pair<QString, fw::Device>> updated;
    QList<QList<fw::Device>> imports;
    struct Block
    {
        QString id;
        bool blocked;
        fw::TimeMs until;
    };
    QList<Block> blocks;
    QString nextError;

    QList<fw::Device> devices() const override { return list; }
    QString addDevice(const fw::Device &d) override
    {
        if (!nextError.isEmpty())
            return nextError;
        added << d;
        return {};
    }
    QString updateDevice(const QString &id, const fw::Device &d) override
    {
        if (!nextError.isEmpty())
            return nextError;
        updated << std::pair(id, d);
        return {};
    }
    QString removeDevice(const QString &) override { return {}; }
    QString importDevices(const QList<fw::Device> &devices) override
    {
        if (!nextError.isEmpty())
            return nextError;
        imports << devices;
        return {};
    }
    QString devicePassword(const QString &id) const override
    {
        for (const fw::Device &d : list) {
            if (d.uniqueId == id)
                return d.password;
        }
        return {};
    }
    QString setBlocked(const QString &id, bool blocked, fw::TimeMs until) override
    {
        if (!nextError.isEmpty())
            return nextError;
        blocks << Block { id, blocked, until };
        return {};
    }
};

fw::Device existing()
{
    fw::Device d;
    d.uniqueId = u"356938035643809"_s;
    d.name = u"Old truck"_s;
    d.model = u"Concox GT06N"_s;
    d.protocol = u"gt06"_s;
    d.registeredAt = kT0 - fw::kDay;
    d.blocked = true;
    return d;
}

QPushButton *okButton(QWidget *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

class DeviceEditDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void validation_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message"); // empty = valid
        QTest::newRow("valid imei") << u"490154203237518"_s << u"Truck"_s << QString();
        QTest::newRow("valid other id") << u"N0CALL-9"_s << u"Car"_s << QString();
        // An id is whatever the device sends: a wrong IMEI check digit is only a note.
        QTest::newRow("bad imei check digit") << u"490154203237519"_s << u"Truck"_s << QString();
        QTest::newRow("duplicate id")
            << u"356938035643809"_s << u"Truck"_s << u"already registered"_s;
        QTest::newRow("empty name") << u"490154203237518"_s << u"  "_s << u"name"_s;
        QTest::newRow("empty id") << QString() << u"Truck"_s << u"unique id"_s;
        QTest::newRow("space in id") << u"AB C"_s << u"Truck"_s << u"without spaces"_s;
    }

    void unusualImeiIsANoteNotAnError()
    {
        FakeDirectory dir;
        const fw::DeviceModelCatalog catalog;
        fw::DeviceEditDialog dialog(&dir, &catalog);
        dialog.findChild<QLineEdit *>(u"uniqueIdEdit"_s)->setText(u"353505220873067"_s);
        dialog.findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"H02 tracker"_s);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));
        QVERIFY(okButton(&dialog)->isEnabled());
        QVERIFY2(dialog.noteText().contains(u"not a valid IMEI"_s), qPrintable(dialog.noteText()));
        dialog.accept();
        QCOMPARE(dir.added.size(), 1);
        QCOMPARE(dir.added.at(0).uniqueId, u"353505220873067"_s);
        // A valid IMEI has no note.
        fw::DeviceEditDialog other(&dir, &catalog);
        other.findChild<QLineEdit *>(u"uniqueIdEdit"_s)->setText(u"490154203237518"_s);
        QVERIFY(other.noteText().isEmpty());
    }

    void validation()
    {
        QFETCH(QString, id);
        QFETCH(QString, name);
        QFETCH(QString, message);
        FakeDirectory dir;
        dir.list << existing();
        const fw::DeviceModelCatalog catalog;
        fw::DeviceEditDialog dialog(&dir, &catalog);
        dialog.findChild<QLineEdit *>(u"uniqueIdEdit"_s)->setText(id);
        dialog.findChild<QLineEdit *>(u"nameEdit"_s)->setText(name);
        const auto *error = dialog.findChild<QLabel *>(u"errorLabel"_s);
        if (message.isEmpty()) {
            QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));
            QVERIFY(okButton(&dialog)->isEnabled());
            QVERIFY(error->isHidden());
        } else {
            QVERIFY(!dialog.isValid());
            QVERIFY(!okButton(&dialog)->isEnabled());
            QVERIFY2(error->text().contains(message), qPrintable(error->text()));
            QVERIFY(!error->isHidden());
            dialog.accept(); // refused without calling the directory
            QCOMPARE(dir.added.size(), 0);
            QCOMPARE(dialog.result(), int(QDialog::Rejected));
        }
    }

    void registersThroughDirectory()
    {
        FakeDirectory dir;
        const fw::DeviceModelCatalog catalog;
        fw::DeviceEditDialog dialog(&dir, &catalog);
        auto *models = dialog.findChild<QComboBox *>(u"modelCombo"_s);
        const int gt06 = models->findData(u"Concox GT06N"_s);
        QVERIFY(gt06 > 0);
        QCOMPARE(models->itemText(gt06), u"Concox GT06N (gt06, port 5023 to configure)"_s);
        models->setCurrentIndex(gt06);
        dialog.findChild<QLineEdit *>(u"uniqueIdEdit"_s)->setText(u" 490154203237518 "_s);
        dialog.findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"Truck 1"_s);
        dialog.findChild<QLineEdit *>(u"phoneEdit"_s)->setText(u"+49 170 000"_s);
        dialog.findChild<QLineEdit *>(u"carrierEdit"_s)->setText(u"Telekom"_s);
        dialog.findChild<QLineEdit *>(u"groupEdit"_s)->setText(u"North"_s);
        dialog.findChild<QSpinBox *>(u"offlineTimeoutSpin"_s)->setValue(900);
        auto *password = dialog.findChild<QLineEdit *>(u"passwordEdit"_s);
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        password->setText(u"123456"_s);

        dir.nextError = u"database is locked"_s;
        okButton(&dialog)->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // stays open with the error
        QCOMPARE(dialog.directoryError(), u"database is locked"_s);
        QCOMPARE(dialog.findChild<QLabel *>(u"errorLabel"_s)->text(), u"database is locked"_s);

        dir.nextError.clear();
        okButton(&dialog)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dir.added.size(), 1);
        const fw::Device d = dir.added.at(0);
        QCOMPARE(d.uniqueId, u"490154203237518"_s);
        QCOMPARE(d.name, u"Truck 1"_s);
        QCOMPARE(d.model, u"Concox GT06N"_s);
        QCOMPARE(d.protocol, u"gt06"_s);
        QCOMPARE(d.phone, u"+49 170 000"_s);
        QCOMPARE(d.carrier, u"Telekom"_s);
        QCOMPARE(d.group, u"North"_s);
        QCOMPARE(d.offlineTimeoutSecs, 900);
        QCOMPARE(d.password, u"123456"_s);
    }

    void editsThroughDirectory()
    {
        FakeDirectory dir;
        dir.list << existing();
        const fw::DeviceModelCatalog catalog;
        fw::DeviceEditDialog dialog(&dir, &catalog);
        dialog.setDevice(existing());
        QVERIFY(dialog.isEditing());
        QVERIFY(dialog.isValid()); // its own id is not a duplicate
        QCOMPARE(dialog.findChild<QComboBox *>(u"modelCombo"_s)->currentData().toString(),
            u"Concox GT06N"_s);
        dialog.findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"Renamed"_s);
        dialog.findChild<QLineEdit *>(u"uniqueIdEdit"_s)->setText(u"490154203237518"_s);
        okButton(&dialog)->click();
        QCOMPARE(dir.updated.size(), 1);
        QCOMPARE(dir.added.size(), 0);
        QCOMPARE(dir.updated.at(0).first, u"356938035643809"_s);
        const fw::Device d = dir.updated.at(0).second;
        QCOMPARE(d.uniqueId, u"490154203237518"_s);
        QCOMPARE(d.name, u"Renamed"_s);
        QVERIFY(d.blocked); // fields the dialog does not show are kept
        QCOMPARE(d.registeredAt, existing().registeredAt);
    }
};

class BlockDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings(); }

    void blocksUntilUnblocked()
    {
        FakeDirectory dir;
        fw::ManualClock clock(kT0);
        fw::BlockDialog dialog(&dir, &clock);
        fw::Device d = existing();
        d.blocked = false;
        dialog.setDevice(d);
        QVERIFY(!dialog.hasUntil());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dir.blocks.size(), 1);
        QCOMPARE(dir.blocks.at(0).id, d.uniqueId);
        QVERIFY(dir.blocks.at(0).blocked);
        QCOMPARE(dir.blocks.at(0).until, fw::kNoTime);
    }

    void blocksUntilTime()
    {
        FakeDirectory dir;
        fw::ManualClock clock(kT0);
        fw::BlockDialog dialog(&dir, &clock);
        fw::Device d = existing();
        d.blocked = false;
        dialog.setDevice(d);
        const fw::TimeMs until = kT0 + 2 * fw::kHour;
        dialog.setUntil(until);
        QVERIFY(dialog.hasUntil());
        QCOMPARE(dialog.until(), until);
        // Switching the editor between local time and UTC keeps the instant.
        dialog.setUtc(true);
        QVERIFY(dialog.isUtc());
        QCOMPARE(dialog.until(), until);
        QVERIFY(dialog.findChild<QLabel *>(u"zoneLabel"_s)->text().contains(u"UTC"_s));
        dialog.setUtc(false);
        QCOMPARE(dialog.until(), until);
        QVERIFY(dialog.findChild<QLabel *>(u"zoneLabel"_s)->text().contains(u"local"_s));

        dialog.setUntil(kT0 - fw::kHour);
        QVERIFY(!dialog.validationError().isEmpty());
        dialog.accept();
        QCOMPARE(dir.blocks.size(), 0);

        dialog.setUntil(until);
        dialog.accept();
        QCOMPARE(dir.blocks.size(), 1);
        QCOMPARE(dir.blocks.at(0).until, until);
    }

    void unblocks()
    {
        FakeDirectory dir;
        fw::ManualClock clock(kT0);
        fw::BlockDialog dialog(&dir, &clock);
        fw::Device d = existing();
        d.blockedUntil = kT0 + fw::kDay;
        dialog.setDevice(d);
        QCOMPARE(dialog.until(), d.blockedUntil); // the current block is shown
        dialog.unblock();
        QCOMPARE(dir.blocks.size(), 1);
        QVERIFY(!dir.blocks.at(0).blocked);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
};

const QByteArray kGoodCsv = "uniqueId,name,model,protocol,phone,carrier,offlineTimeout,group\n"
                            "490154203237518,\"Truck, big\",Concox GT06N,,,,600,North\n"
                            "N0CALL-9,\"APRS \"\"car\"\"\",,aprs,,,,\n";

class ImportDevicesDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void importsGoodFile()
    {
        FakeDirectory dir;
        const fw::DeviceModelCatalog catalog;
        fw::ImportDevicesDialog dialog(&dir, &catalog);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(u"devices.csv"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kGoodCsv);
        file.close();
        QVERIFY(dialog.loadFile(path));
        QVERIFY(dialog.canImport());
        QTableWidget *table = dialog.previewTable();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, fw::ImportDevicesDialog::NameColumn)->text(), u"Truck, big"_s);
        QCOMPARE(table->item(1, fw::ImportDevicesDialog::NameColumn)->text(), u"APRS \"car\""_s);
        QCOMPARE(table->item(1, fw::ImportDevicesDialog::LineColumn)->text(), u"3"_s);
        QVERIFY(dialog.findChild<QPushButton *>(u"importButton"_s)->isEnabled());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dir.imports.size(), 1);
        QCOMPARE(dir.imports.at(0).size(), 2);
        QCOMPARE(dir.imports.at(0).at(0).offlineTimeoutSecs, 600);
    }

    void unusualImeiImportsWithAWarning()
    {
        FakeDirectory dir;
        const fw::DeviceModelCatalog catalog;
        fw::ImportDevicesDialog dialog(&dir, &catalog);
        QVERIFY(dialog.loadData("IMEI,Name\n353505220873067,H02 tracker\n"));
        QVERIFY(dialog.canImport());
        QVERIFY2(
            dialog.problemText().contains(u"not valid IMEIs"_s), qPrintable(dialog.problemText()));
        QVERIFY(dialog.previewTable()
                    ->item(0, fw::ImportDevicesDialog::ProblemColumn)
                    ->text()
                    .contains(u"not a valid IMEI"_s));
        dialog.accept();
        QCOMPARE(dir.imports.size(), 1);
        QCOMPARE(dir.imports.at(0).at(0).uniqueId, u"353505220873067"_s);
    }

    void badRowImportsNothing()
    {
        FakeDirectory dir;
        const fw::DeviceModelCatalog catalog;
        fw::ImportDevicesDialog dialog(&dir, &catalog);
        QByteArray csv = kGoodCsv;
        csv += "490154203237519,,,,,,,\n"; // line 4: no name
        QVERIFY(!dialog.loadData(csv));
        QVERIFY(!dialog.canImport());
        QVERIFY(dialog.devicesToImport().isEmpty());
        QTableWidget *table = dialog.previewTable();
        QCOMPARE(table->rowCount(), 3);
        QVERIFY(table->item(0, fw::ImportDevicesDialog::ProblemColumn)->text().isEmpty());
        QVERIFY(table->item(2, fw::ImportDevicesDialog::ProblemColumn)->text().contains(u"name"_s));
        QVERIFY(dialog.problemText().contains(u"Line 4:"_s));
        QVERIFY(!dialog.findChild<QPushButton *>(u"importButton"_s)->isEnabled());
        dialog.accept();
        QCOMPARE(dir.imports.size(), 0);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void alreadyRegisteredAndDirectoryError()
    {
        FakeDirectory dir;
        fw::Device d = existing();
        d.uniqueId = u"N0CALL-9"_s;
        dir.list << d;
        fw::ImportDevicesDialog dialog(&dir, nullptr);
        QVERIFY(!dialog.loadData(kGoodCsv));
        QVERIFY(dialog.problemText().contains(u"Line 3:"_s));
        QVERIFY(dialog.problemText().contains(u"already registered"_s));

        dir.list.clear();
        QVERIFY(dialog.loadData(kGoodCsv));
        dir.nextError = u"disk full"_s;
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.directoryError(), u"disk full"_s);
        QVERIFY(dialog.findChild<QLabel *>(u"summaryLabel"_s)->text().contains(u"disk full"_s));
    }
};

class SettingsDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { isolateSettings(); }
    void init() { QSettings().clear(); }

    void defaults()
    {
        const fw::ProtocolRegistry registry;
        fw::SettingsDialog dialog(&registry);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));
        QCOMPARE(dialog.findChild<QSpinBox *>(u"gpsFreshnessMinutes"_s)->value(), 5);
        QCOMPARE(dialog.findChild<QSpinBox *>(u"offlineTimeoutMinutes"_s)->value(), 10);
        QCOMPARE(dialog.findChild<QSpinBox *>(u"port_gt06"_s)->value(), 5023);
        QVERIFY(dialog.findChild<QCheckBox *>(u"enabled_gt06"_s)->isChecked());
        QCOMPARE(dialog.findChild<QTableWidget *>(u"portsTable"_s)->rowCount(),
            int(registry.decoders().size()));
    }

    void persists()
    {
        const fw::ProtocolRegistry registry;
        {
            fw::SettingsDialog dialog(&registry);
            QSignalSpy changed(&dialog, &fw::SettingsDialog::settingsChanged);
            QSignalSpy fleetChanged(&dialog, &fw::SettingsDialog::fleetSettingsChanged);
            fw::FleetSettings fromDatabase;
            fromDatabase.status.gpsFreshness = 240 * fw::kSecond;
            fromDatabase.retentionDays = 30;
            dialog.setFleetSettings(fromDatabase);
            QCOMPARE(dialog.findChild<QSpinBox *>(u"gpsFreshnessMinutes"_s)->value(), 4);
            QCOMPARE(dialog.findChild<QSpinBox *>(u"retentionDays"_s)->value(), 30);
            dialog.findChild<QCheckBox *>(u"enabled_h02"_s)->setChecked(false);
            dialog.findChild<QSpinBox *>(u"port_gt06"_s)->setValue(6023);
            dialog.findChild<QSpinBox *>(u"gpsFreshnessMinutes"_s)->setValue(2);
            dialog.findChild<QSpinBox *>(u"gpsFreshnessSeconds"_s)->setValue(30);
            dialog.findChild<QSpinBox *>(u"offlineTimeoutMinutes"_s)->setValue(20);
            dialog.findChild<QRadioButton *>(u"postgresRadio"_s)->setChecked(true);
            dialog.findChild<QLineEdit *>(u"postgresUrlEdit"_s)
                ->setText(u"postgresql://fw@db.example.org:5433/fleet"_s);
            auto *language = dialog.findChild<QComboBox *>(u"languageCombo"_s);
            language->setCurrentIndex(language->findData(u"ru"_s));
            dialog.findChild<QCheckBox *>(u"soundCheck"_s)->setChecked(true);
            QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));
            okButton(&dialog)->click();
            QCOMPARE(changed.size(), 1);
            // Fleet settings go back to their owner (the database), not into QSettings.
            QCOMPARE(fleetChanged.size(), 1);
            const auto fs = fleetChanged.at(0).at(0).value<fw::FleetSettings>();
            QCOMPARE(fs.status.gpsFreshness, 150 * fw::kSecond);
            QCOMPARE(fs.status.defaultOfflineTimeout, 1200 * fw::kSecond);
            QCOMPARE(fs.retentionDays, 30); // untouched on the form, kept
        }
        const QSettings s;
        QCOMPARE(s.value(u"ingest/h02/enabled"_s).toBool(), false);
        QCOMPARE(s.value(u"ingest/gt06/enabled"_s).toBool(), true);
        QCOMPARE(s.value(u"ingest/gt06/port"_s).toInt(), 6023);
        QVERIFY(!s.contains(u"status/gpsFreshnessSecs"_s));
        QVERIFY(!s.contains(u"status/defaultOfflineTimeoutSecs"_s));
        QVERIFY(!s.contains(u"storage/retentionDays"_s));
        QCOMPARE(
            s.value(u"database/url"_s).toString(), u"postgresql://fw@db.example.org:5433/fleet"_s);
        QCOMPARE(s.value(u"ui/language"_s).toString(), u"ru"_s);
        QCOMPARE(s.value(u"notifications/enabled"_s).toBool(), true);
        QCOMPARE(s.value(u"notifications/sound"_s).toBool(), true);

        // A new dialog shows what was saved.
        fw::SettingsDialog again(&registry);
        QVERIFY(!again.findChild<QCheckBox *>(u"enabled_h02"_s)->isChecked());
        QCOMPARE(again.findChild<QSpinBox *>(u"port_gt06"_s)->value(), 6023);
        QVERIFY(again.findChild<QRadioButton *>(u"postgresRadio"_s)->isChecked());
        QCOMPARE(
            again.findChild<QComboBox *>(u"languageCombo"_s)->currentData().toString(), u"ru"_s);
    }

    void sqlitePathAndValidation()
    {
        const fw::ProtocolRegistry registry;
        fw::SettingsDialog dialog(&registry);
        QSignalSpy changed(&dialog, &fw::SettingsDialog::settingsChanged);
        // Two enabled protocols on one port: refused.
        dialog.findChild<QSpinBox *>(u"port_h02"_s)->setValue(5023);
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.validationError().contains(u"5023"_s));
        QVERIFY(!okButton(&dialog)->isEnabled());
        dialog.findChild<QCheckBox *>(u"enabled_h02"_s)->setChecked(false);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));

        dialog.findChild<QRadioButton *>(u"postgresRadio"_s)->setChecked(true);
        dialog.findChild<QLineEdit *>(u"postgresUrlEdit"_s)->setText(u"mysql://x"_s);
        QVERIFY(!dialog.isValid());
        dialog.accept();
        QCOMPARE(changed.size(), 0);

        dialog.findChild<QRadioButton *>(u"sqliteRadio"_s)->setChecked(true);
        dialog.findChild<QLineEdit *>(u"sqlitePathEdit"_s)->setText(u"/tmp/fw-test.sqlite"_s);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));
        QSignalSpy fleetChanged(&dialog, &fw::SettingsDialog::fleetSettingsChanged);
        dialog.accept();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(fleetChanged.size(), 0); // thresholds untouched: the database is not written
        QCOMPARE(QSettings().value(u"database/url"_s).toString(), u"sqlite:/tmp/fw-test.sqlite"_s);
    }
};

} // namespace

FW_TEST_CLASS(DeviceEditDialogTest)
FW_TEST_CLASS(BlockDialogTest)
FW_TEST_CLASS(ImportDevicesDialogTest)
FW_TEST_CLASS(SettingsDialogTest)
#include "tst_dialogs.moc"
