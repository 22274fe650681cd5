// The two ways to run a window (issue #14) as the operator chooses them: the form shared by the
// first-start dialog and Settings ("Window mode" page). Validation of the server address, the
// settings it keeps (mode and URL, never the password), the password handed to the keychain,
// and "Test connection" answering on a worker (the form stays responsive) with our sentence.

#include "TestMain.h"

#include "dialogs/FirstStartDialog.h"
#include "dialogs/ServerConnectionForm.h"
#include "dialogs/SettingsDialog.h"
#include "ingest/FreePort.h"
#include "util/SecretStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace fw;
using Mode = ServerConnectionForm::Mode;

class TstServerConnectionForm : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void validatesTheAddress_data();
    void validatesTheAddress();
    void keepsModeAndUrlButNotThePassword();
    void testConnectionRunsOffTheWindowThread();
    void firstStartStoresTheChoice();
    void settingsHandTheServerPasswordToTheKeychain();
};

void TstServerConnectionForm::init()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("ServerConnectionForm"));
    QSettings().clear();
}

void TstServerConnectionForm::validatesTheAddress_data()
{
    QTest::addColumn<bool>("connect");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("error"); // a part of it; empty: valid
    QTest::newRow("receive-needs-nothing") << false << QString() << QString();
    QTest::newRow("connect-empty") << true << QString() << QStringLiteral("Enter the");
    QTest::newRow("connect-sqlite") << true << QStringLiteral("sqlite:/tmp/x.sqlite")
                                    << QStringLiteral("PostgreSQL");
    QTest::newRow("connect-garbage") << true << QStringLiteral("mysql://x") << QStringLiteral("Server address");
    QTest::newRow("connect-ok") << true << QStringLiteral("postgresql://fw@db.example:5432/fleet")
                                << QString();
}

void TstServerConnectionForm::validatesTheAddress()
{
    QFETCH(bool, connect);
    QFETCH(QString, url);
    QFETCH(QString, error);
    ServerConnectionForm form;
    form.setMode(connect ? Mode::Connect : Mode::Receive);
    form.findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))->setText(url);
    const QString got = form.validationError();
    if (error.isEmpty())
        QVERIFY2(got.isEmpty(), qPrintable(got));
    else
        QVERIFY2(got.contains(error), qPrintable(got));
}

void TstServerConnectionForm::keepsModeAndUrlButNotThePassword()
{
    QCOMPARE(ServerConnectionForm::storedMode(), Mode::Unset);
    ServerConnectionForm form;
    form.setMode(Mode::Connect);
    form.findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))
        ->setText(QStringLiteral("postgresql://fw:in-the-url@db.example/fleet"));
    QCOMPARE(form.enteredPassword(), QStringLiteral("in-the-url"));
    form.findChild<QLineEdit *>(QStringLiteral("serverPassword"))->setText(QStringLiteral("typed"));
    QCOMPARE(form.enteredPassword(), QStringLiteral("typed")); // the field wins
    form.save();
    QCOMPARE(ServerConnectionForm::storedMode(), Mode::Connect);
    QCOMPARE(ServerConnectionForm::storedServerUrl(), QStringLiteral("postgresql://fw@db.example/fleet"));
    QSettings s;
    for (const QString &key : s.allKeys()) {
        QVERIFY2(!s.value(key).toString().contains(QStringLiteral("typed"))
                && !s.value(key).toString().contains(QStringLiteral("in-the-url")),
            qPrintable(key));
    }
    ServerConnectionForm again;
    again.load();
    QCOMPARE(again.mode(), Mode::Connect);
    QCOMPARE(again.serverUrl(), QStringLiteral("postgresql://fw@db.example/fleet"));
    QVERIFY(again.enteredPassword().isEmpty()); // kept elsewhere (the keychain)
}

void TstServerConnectionForm::testConnectionRunsOffTheWindowThread()
{
    const quint16 port = freeTcpUdpPort(); // nobody listens there
    QVERIFY(port != 0);
    ServerConnectionForm form;
    form.setMode(Mode::Connect);
    form.findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))
        ->setText(QStringLiteral("postgresql://fw@127.0.0.1:%1/fleet").arg(port));
    // "unchanged" is offered only when the keychain holds a password to keep.
    const auto *password = form.findChild<QLineEdit *>(QStringLiteral("serverPassword"));
    QVERIFY(password && password->placeholderText().isEmpty());
    form.setStoredPassword(QStringLiteral("from-the-keychain"));
    QVERIFY(!password->placeholderText().isEmpty());
    QSignalSpy tested(&form, &ServerConnectionForm::tested);
    QElapsedTimer timer;
    timer.start();
    QTest::mouseClick(form.findChild<QPushButton *>(QStringLiteral("testConnectionButton")),
        Qt::LeftButton);
    QVERIFY(timer.elapsed() < 500); // the click came back at once
    QVERIFY(form.isTesting());
    QVERIFY(tested.wait(10000));
    const auto result = tested.first().first().value<ConnectionCheck::Result>();
    QCOMPARE(ConnectionCheck::id(result.problem), QStringLiteral("unreachable"));
    const QString shown = form.findChild<QLabel *>(QStringLiteral("testResult"))->text();
    QVERIFY2(shown.contains(QStringLiteral("No server answers at 127.0.0.1:%1").arg(port)),
        qPrintable(shown));
    QVERIFY(!shown.contains(QStringLiteral("from-the-keychain")));
    QVERIFY(!form.isTesting());
}

void TstServerConnectionForm::firstStartStoresTheChoice()
{
    FirstStartDialog dialog;
    dialog.form()->setMode(Mode::Connect);
    dialog.form()->findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))->setText(QString());
    dialog.accept(); // refused: no address
    QCOMPARE(ServerConnectionForm::storedMode(), Mode::Unset);
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("errorLabel"))->isVisibleTo(&dialog));
    dialog.form()->findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))
        ->setText(QStringLiteral("postgresql://fw@db.example/fleet"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(ServerConnectionForm::storedMode(), Mode::Connect);
    dialog.setProblem(QStringLiteral("could not connect"));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("problemLabel"))->isVisibleTo(&dialog));
}

void TstServerConnectionForm::settingsHandTheServerPasswordToTheKeychain()
{
    SettingsDialog dialog(nullptr);
    ServerConnectionForm *form = dialog.serverForm();
    QVERIFY(form);
    form->setMode(Mode::Connect);
    form->findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))->setText(QString());
    QVERIFY(!dialog.isValid()); // no address
    form->findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"))
        ->setText(QStringLiteral("postgresql://fw@db.example/fleet"));
    form->findChild<QLineEdit *>(QStringLiteral("serverPassword"))->setText(QStringLiteral("s3cret"));
    QVERIFY2(dialog.isValid(), qPrintable(dialog.validationError()));
    QSignalSpy secrets(&dialog, &SettingsDialog::secretsEntered);
    dialog.accept();
    QCOMPARE(secrets.size(), 1);
    const auto entered = secrets.first().first().value<QHash<QString, QString>>();
    QCOMPARE(entered.value(SecretKeys::kServerPassword), QStringLiteral("s3cret"));
    QCOMPARE(ServerConnectionForm::storedMode(), Mode::Connect);
    QSettings s;
    for (const QString &key : s.allKeys())
        QVERIFY2(!s.value(key).toString().contains(QStringLiteral("s3cret")), qPrintable(key));
}

FW_TEST_CLASS(TstServerConnectionForm)

#include "tst_serverconnectionform.moc"
