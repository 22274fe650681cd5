// Passwords never reach the settings file (issue #11, point 14). Database and SMS gateway
// passwords live in a SecretStore (the OS keychain in the program, a memory store here, the
// real QtKeychain store where no keychain service runs): typed in Settings, moved out of
// settings written by older versions, and handed to the parts that need them.
#include "SettingsTestSupport.h"
#include "TestMain.h"

#include "app/DesktopSession.h"
#include "commands/CommandDialog.h"
#include "commands/SmsSender.h"
#include "dialogs/SettingsDialog.h"
#include "mainwindow/MainWindow.h"
#include "mainwindow/ProblemBanner.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SessionSecrets.h"
#include "util/SecretStore.h"

#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace fw;

namespace {
// The settings file as bytes, after everything pending was written.
QByteArray settingsFileBytes()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Fresh settings for `appName`, with every protocol on a free port (never the defaults, which
// another program or test may hold).
void useFreshSettings(const QString &appName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FleetWatchTest"));
    QCoreApplication::setApplicationName(appName);
    QSettings settings;
    settings.clear();
    fw::test::assignFreePorts(settings);
}

} // namespace

class TstSecrets : public QObject
{
    Q_OBJECT
private slots:
    void splitsAndRestoresPasswords_data();
    void splitsAndRestoresPasswords();
    void olderSettingsAreMovedIntoTheStore();
    void passwordsTypedInSettingsGoToTheStore();
    void missingKeychainIsToldNotHidden();
    void realKeychainWithoutServiceAnswersPromptly();
};

void TstSecrets::splitsAndRestoresPasswords_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("withoutPassword");
    QTest::addColumn<QString>("password");
    QTest::newRow("postgres") << "postgresql://fw:s3cret@db.example:5432/fleet"
                              << "postgresql://fw@db.example:5432/fleet"
                              << "s3cret";
    QTest::newRow("encoded") << "postgresql://fw:p%40ss%3Aw@host/db"
                             << "postgresql://fw@host/db"
                             << "p@ss:w";
    QTest::newRow("no password") << "postgresql://fw@host/db"
                                 << "postgresql://fw@host/db"
                                 << "";
    QTest::newRow("no user") << "postgresql://host/db"
                             << "postgresql://host/db"
                             << "";
    QTest::newRow("sqlite") << "sqlite:/tmp/a.sqlite"
                            << "sqlite:/tmp/a.sqlite"
                            << "";
    QTest::newRow("sms template") << "https://api:k3y@sms.example/send?to={phone}&t={text}"
                                  << "https://api@sms.example/send?to={phone}&t={text}"
                                  << "k3y";
    QTest::newRow("@ in the query") << "https://sms.example/send?to={phone}&from=a@b"
                                    << "https://sms.example/send?to={phone}&from=a@b"
                                    << "";
}

void TstSecrets::splitsAndRestoresPasswords()
{
    QFETCH(QString, url);
    QFETCH(QString, withoutPassword);
    QFETCH(QString, password);
    const SplitUrl split = splitPassword(url);
    QCOMPARE(split.url, withoutPassword);
    QCOMPARE(split.password, password);
    if (!password.isEmpty())
        QCOMPARE(splitPassword(withPassword(split.url, split.password)).password, password);
    QCOMPARE(withPassword(split.url, {}), split.url);
}

void TstSecrets::olderSettingsAreMovedIntoTheStore()
{
    useFreshSettings(QStringLiteral("SecretsMigration"));
    QTemporaryDir dir;
    {
        // What an older version wrote: passwords inside the URLs and a raw header.
        QSettings s;
        s.setValue(QStringLiteral("database/url"),
            QString(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("m.sqlite"))));
        s.setValue(QStringLiteral("sms/gateway"), QStringLiteral("http"));
        s.setValue(QStringLiteral("sms/url"),
            QStringLiteral("https://api:gateway-pw-1@127.0.0.1:9/send?to={phone}"));
        s.setValue(QStringLiteral("sms/authorization"), QStringLiteral("Bearer token-xyz-2"));
    }
    QVERIFY(settingsFileBytes().contains("gateway-pw-1"));

    MemorySecretStore store;
    DesktopSession::Options options;
    options.secretStore = &store;
    DesktopSession session(options);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    QTRY_COMPARE(store.value(SecretKeys::kSmsGatewayPassword), QStringLiteral("gateway-pw-1"));
    QTRY_COMPARE(store.value(SecretKeys::kSmsAuthorization), QStringLiteral("Bearer token-xyz-2"));
    const QByteArray file = settingsFileBytes();
    QVERIFY(!file.isEmpty());
    QVERIFY2(!file.contains("gateway-pw-1"), file.constData());
    QVERIFY2(!file.contains("token-xyz-2"), file.constData());
    QCOMPARE(QSettings().value(QStringLiteral("sms/url")).toString(),
        QStringLiteral("https://api@127.0.0.1:9/send?to={phone}"));

    // The gateway the command dialog builds still authenticates with both.
    QObject parent;
    SmsSender *sender = CommandDialog::smsSenderFromSettings(&parent, nullptr,
        { { SecretKeys::kSmsGatewayPassword, store.value(SecretKeys::kSmsGatewayPassword) },
            { SecretKeys::kSmsAuthorization, store.value(SecretKeys::kSmsAuthorization) } });
    auto *gateway = qobject_cast<HttpSmsGateway *>(sender);
    QVERIFY(gateway);
    QCOMPARE(gateway->config().urlTemplate,
        QStringLiteral("https://api:gateway-pw-1@127.0.0.1:9/send?to={phone}"));
    QCOMPARE(gateway->config().headers.value(0).second, QByteArray("Bearer token-xyz-2"));
    session.window()->close();
}

void TstSecrets::passwordsTypedInSettingsGoToTheStore()
{
    useFreshSettings(QStringLiteral("SecretsTyped"));
    QTemporaryDir dir;
    MemorySecretStore store;
    DesktopSession::Options options;
    options.secretStore = &store;
    options.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("t.sqlite"));
    DesktopSession session(options);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    MainWindow *window = session.window();

    // One password in its own field, one written into the URL.
    QVERIFY(fw::test::pressOkInSettings(window, [](SettingsDialog *d) {
        d->findChild<QRadioButton *>(QStringLiteral("postgresRadio"))->setChecked(true);
        d->findChild<QLineEdit *>(QStringLiteral("postgresUrlEdit"))
            ->setText(QStringLiteral("postgresql://fw@127.0.0.1:1/fleet"));
        d->findChild<QLineEdit *>(QStringLiteral("postgresPassword"))
            ->setText(QStringLiteral("db-pw-typed-3"));
        d->findChild<QLineEdit *>(QStringLiteral("smsUrl"))
            ->setText(QStringLiteral("https://u:sms-pw-in-url-4@127.0.0.1:9/s?to={phone}"));
    }));
    QTRY_COMPARE(store.value(SecretKeys::kDatabasePassword), QStringLiteral("db-pw-typed-3"));
    QTRY_COMPARE(store.value(SecretKeys::kSmsGatewayPassword), QStringLiteral("sms-pw-in-url-4"));
    QCOMPARE(QSettings().value(QStringLiteral("database/url")).toString(),
        QStringLiteral("postgresql://fw@127.0.0.1:1/fleet"));
    QByteArray file = settingsFileBytes();
    QVERIFY(file.contains("127.0.0.1:1/fleet"));
    QVERIFY2(
        !file.contains("db-pw-typed-3") && !file.contains("sms-pw-in-url-4"), file.constData());

    // OK again with the password fields left empty keeps what the store holds.
    QVERIFY(fw::test::pressOkInSettings(window, [](SettingsDialog *d) {
        QVERIFY(d->findChild<QLineEdit *>(QStringLiteral("postgresPassword"))->text().isEmpty());
    }));
    QTest::qWait(50);
    QCOMPARE(store.value(SecretKeys::kDatabasePassword), QStringLiteral("db-pw-typed-3"));
    file = settingsFileBytes();
    QVERIFY(!file.contains("db-pw-typed-3"));
    window->close();
}

void TstSecrets::missingKeychainIsToldNotHidden()
{
    useFreshSettings(QStringLiteral("SecretsNoKeychain"));
    QSettings().setValue(
        QStringLiteral("sms/url"), QStringLiteral("https://api:old-pw-5@127.0.0.1:9/s?to={phone}"));
    QTemporaryDir dir;
    MemorySecretStore store;
    store.setUnavailable(true);
    DesktopSession::Options options;
    options.secretStore = &store;
    options.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("n.sqlite"));
    DesktopSession session(options);
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    // The window says why passwords will not be remembered...
    auto *banner = session.window()->findChild<ProblemBanner *>(QStringLiteral("problemBanner"));
    QVERIFY(banner);
    QTRY_VERIFY2(banner->problems().join(QLatin1Char('\n')).contains(QStringLiteral("keychain")),
        qPrintable(banner->problems().join(QLatin1Char('\n'))));
    // ...and still never writes the password to the file.
    QVERIFY(!settingsFileBytes().contains("old-pw-5"));
    session.window()->close();
}

void TstSecrets::realKeychainWithoutServiceAnswersPromptly()
{
    // The program's own store, where no keychain service runs (as in CI): every call answers,
    // quickly, with an error that says so; nothing lands in the settings file.
    useFreshSettings(QStringLiteral("SecretsRealKeychain"));
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/fleetwatch-test-bus");
    KeychainSecretStore store(QStringLiteral("FleetWatchTest"));
    QObject context;
    std::optional<SecretResult> written;
    store.write(QStringLiteral("probe"), QStringLiteral("never-in-a-file-6"), &context,
        [&written](const SecretResult &r) { written = r; });
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 15000);
    qInfo("keychain write answered in %lld ms: ok=%d noBackend=%d %s",
        static_cast<long long>(timer.elapsed()), written->ok, written->noBackend,
        qPrintable(written->error));
    if (written->ok) {
        // A keychain service does run here: the secret reads back and is removed again.
        std::optional<SecretResult> read;
        store.read(QStringLiteral("probe"), &context, [&read](const SecretResult &r) { read = r; });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 15000);
        QCOMPARE(read->value, QStringLiteral("never-in-a-file-6"));
        store.remove(QStringLiteral("probe"), &context, {});
    } else {
        QVERIFY(written->noBackend);
        QVERIFY2(written->error.contains(QStringLiteral("no keychain service")),
            qPrintable(written->error));
        SessionSecrets secrets(&store);
        secrets.set(SecretKeys::kDatabasePassword, QStringLiteral("never-in-a-file-6"));
        QTRY_VERIFY_WITH_TIMEOUT(!secrets.problem().isEmpty(), 15000);
        QVERIFY(secrets.problem().contains(QStringLiteral("keychain")));
        QCOMPARE(secrets.value(SecretKeys::kDatabasePassword), QStringLiteral("never-in-a-file-6"));
    }
    QVERIFY(!settingsFileBytes().contains("never-in-a-file-6"));
}

FW_TEST_CLASS(TstSecrets)
#include "tst_secrets.moc"
