#include "TestMain.h"
#include "storage/ConnectionError.h"
#include "storage/DatabaseConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

using namespace fw;

class TestDatabaseConfig : public QObject
{
    Q_OBJECT

private slots:
    void parsesValidUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("postgres");
        QTest::addColumn<QString>("pathOrHost");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("sqlite relative")
            << QStringLiteral("sqlite:fleet.sqlite") << false << QStringLiteral("fleet.sqlite")
            << 0 << QString() << QString() << QString();
        QTest::newRow("sqlite absolute")
            << QStringLiteral("sqlite:/var/lib/fw/db.sqlite") << false
            << QStringLiteral("/var/lib/fw/db.sqlite") << 0 << QString() << QString()
            << QString();
        QTest::newRow("sqlite triple slash")
            << QStringLiteral("sqlite:///tmp/x.db") << false << QStringLiteral("/tmp/x.db") << 0
            << QString() << QString() << QString();
        QTest::newRow("pg full")
            << QStringLiteral("postgresql://fleet:s3cret@db.example.org:6432/fleetwatch")
            << true << QStringLiteral("db.example.org") << 6432 << QStringLiteral("fleetwatch")
            << QStringLiteral("fleet") << QStringLiteral("s3cret");
        QTest::newRow("pg default port, no password")
            << QStringLiteral("postgresql://fleet@localhost/fw") << true
            << QStringLiteral("localhost") << 5432 << QStringLiteral("fw")
            << QStringLiteral("fleet") << QString();
        QTest::newRow("pg percent-encoded password with @ and :")
            << QStringLiteral("postgresql://u:p%40ss%3Aw@h:1/d") << true << QStringLiteral("h")
            << 1 << QStringLiteral("d") << QStringLiteral("u") << QStringLiteral("p@ss:w");
        QTest::newRow("pg raw @ in password")
            << QStringLiteral("postgres://u:a@b@h/d") << true << QStringLiteral("h") << 5432
            << QStringLiteral("d") << QStringLiteral("u") << QStringLiteral("a@b");
        QTest::newRow("pg ipv6") << QStringLiteral("postgresql://u@[::1]:5433/d") << true
                                 << QStringLiteral("::1") << 5433 << QStringLiteral("d")
                                 << QStringLiteral("u") << QString();
    }

    void parsesValidUrls()
    {
        QFETCH(QString, url);
        QFETCH(bool, postgres);
        QFETCH(QString, pathOrHost);
        QFETCH(int, port);
        QFETCH(QString, database);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QString error;
        const auto config = DatabaseConfig::parse(url, &error);
        QVERIFY2(config.has_value(), qPrintable(error));
        QCOMPARE(config->isPostgres(), postgres);
        if (postgres) {
            QCOMPARE(config->host(), pathOrHost);
            QCOMPARE(int(config->port()), port);
            QCOMPARE(config->databaseName(), database);
            QCOMPARE(config->user(), user);
            QCOMPARE(config->password(), password);
            QCOMPARE(config->qtDriverName(), QStringLiteral("QPSQL"));
            // The full URL parses back to the same configuration.
            QCOMPARE(DatabaseConfig::parse(config->url()), config);
        } else {
            QCOMPARE(config->path(), pathOrHost);
            QCOMPARE(config->qtDriverName(), QStringLiteral("QSQLITE"));
        }
    }

    void rejectsBadUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QString() << QStringLiteral("empty database URL");
        QTest::newRow("mysql") << QStringLiteral("mysql://u@h/d")
                               << QStringLiteral("unsupported database type \"mysql\"");
        QTest::newRow("plain path") << QStringLiteral("/tmp/x.sqlite")
                                    << QStringLiteral("unsupported database URL");
        QTest::newRow("sqlite no path") << QStringLiteral("sqlite:") << QStringLiteral("no file");
        QTest::newRow("pg no user") << QStringLiteral("postgresql://host/db")
                                    << QStringLiteral("no user");
        QTest::newRow("pg no db") << QStringLiteral("postgresql://u@host")
                                  << QStringLiteral("no database name");
        QTest::newRow("pg empty db") << QStringLiteral("postgresql://u@host/")
                                     << QStringLiteral("empty database name");
        QTest::newRow("pg bad port") << QStringLiteral("postgresql://u@host:99999/db")
                                     << QStringLiteral("invalid port");
        QTest::newRow("pg port text") << QStringLiteral("postgresql://u@host:abc/db")
                                      << QStringLiteral("invalid port");
        QTest::newRow("pg empty host") << QStringLiteral("postgresql://u@:5432/db")
                                       << QStringLiteral("empty host");
        QTest::newRow("pg unknown option") << QStringLiteral("postgresql://u@h/db?foo=bar")
                                           << QStringLiteral("\"foo\" is not supported");
        QTest::newRow("pg unknown sslmode") << QStringLiteral("postgresql://u@h/db?sslmode=maybe")
                                            << QStringLiteral("sslmode=maybe is unknown");
        QTest::newRow("pg option without value") << QStringLiteral(
            "postgresql://u@h/db?sslrootcert=") << QStringLiteral("needs a value");
        QTest::newRow("pg option with ;")
            << QStringLiteral("postgresql://u@h/db?sslrootcert=/a%3Bb")
            << QStringLiteral("cannot be passed on");
        QTest::newRow("pg slash after db")
            << QStringLiteral("postgresql://u@h/db/x") << QStringLiteral("unsupported parts");
    }

    void rejectsBadUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!DatabaseConfig::parse(url, &error).has_value());
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void displayUrlHidesPassword()
    {
        const auto config = DatabaseConfig::parse(QStringLiteral("postgresql://u:topsecret@h/d"));
        QVERIFY(config.has_value());
        QVERIFY(!config->displayUrl().contains(QStringLiteral("topsecret")));
        QCOMPARE(config->displayUrl(), QStringLiteral("postgresql://u:***@h:5432/d"));
        QVERIFY(config->url().contains(QStringLiteral("topsecret")));
    }

    // ?sslmode=...&sslrootcert=FILE reach the QPSQL connect options (libpq's quoting), survive
    // url() and show in displayUrl() (the password does not).
    void parsesTlsOptions()
    {
        QString error;
        const auto config = DatabaseConfig::parse(
            QStringLiteral(
                "postgresql://u:pw@h/d?sslmode=verify-full&sslrootcert=/tmp/ca%20it's.crt"),
            &error);
        QVERIFY2(config.has_value(), qPrintable(error));
        QCOMPARE(config->option(QStringLiteral("sslmode")), QStringLiteral("verify-full"));
        QCOMPARE(config->option(QStringLiteral("sslrootcert")), QStringLiteral("/tmp/ca it's.crt"));
        QCOMPARE(config->connectOptions(),
            QStringLiteral("sslmode='verify-full';sslrootcert='/tmp/ca it\\'s.crt'"));
        QCOMPARE(DatabaseConfig::parse(config->url()), config);
        QCOMPARE(config->displayUrl(),
            QStringLiteral("postgresql://u:***@h:5432/"
                           "d?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca%20it%27s.crt"));
        QVERIFY(DatabaseConfig::parse(QStringLiteral("postgresql://u@h/d"))
                    ->connectOptions()
                    .isEmpty());
    }

    void connectionErrorsInOurWords_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("hostssl only (14+)")
            << QStringLiteral("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  "
                              "no pg_hba.conf entry for host \"127.0.0.1\", user \"u\", "
                              "database \"d\", no encryption")
            << int(ConnectionError::Kind::TlsRequired)
            << QStringLiteral("the server requires an encrypted (TLS) connection");
        QTest::newRow("hostssl only (old)")
            << QStringLiteral("FATAL:  no pg_hba.conf entry for host \"10.0.0.1\", user \"u\", "
                              "database \"d\", SSL off")
            << int(ConnectionError::Kind::TlsRequired)
            << QStringLiteral("the server requires an encrypted (TLS) connection");
        QTest::newRow("no tls on server")
            << QStringLiteral("server does not support SSL, but SSL was required")
            << int(ConnectionError::Kind::TlsUnavailable) << QStringLiteral("does not offer one");
        QTest::newRow("bad certificate") << QStringLiteral("SSL error: certificate verify failed")
                                         << int(ConnectionError::Kind::CertificateRejected)
                                         << QStringLiteral("certificate could not be verified");
        QTest::newRow("password") << QStringLiteral(
            "FATAL:  password authentication failed for user \"u\"")
                                  << int(ConnectionError::Kind::PasswordRefused)
                                  << QStringLiteral("refused the password of login \"u\"");
        QTest::newRow("unreachable")
            << QStringLiteral("could not connect to server: Connection refused")
            << int(ConnectionError::Kind::Unreachable)
            << QStringLiteral("cannot reach the database server at h:5432");
        QTest::newRow("other") << QStringLiteral("FATAL:  database \"d\" does not exist")
                               << int(ConnectionError::Kind::Other)
                               << QStringLiteral("database \"d\" does not exist");
    }

    void connectionErrorsInOurWords()
    {
        QFETCH(QString, server);
        QFETCH(int, kind);
        QFETCH(QString, expected);
        const auto config = DatabaseConfig::parse(QStringLiteral("postgresql://u:topsecret@h/d"));
        QCOMPARE(int(ConnectionError::classify(server)), kind);
        const QString text = ConnectionError::describe(server, *config);
        QVERIFY2(text.contains(expected), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("topsecret")));
    }

    void defaultIsSqliteInAppData()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir(folder).removeRecursively();
        QString error;
        const DatabaseConfig config = DatabaseConfig::defaultConfig(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(config.isSqlite());
        QCOMPARE(QFileInfo(config.path()).fileName(), QStringLiteral("fleetwatch.sqlite"));
        QCOMPARE(QFileInfo(config.path()).absolutePath(), QFileInfo(folder).absoluteFilePath());
        QVERIFY(QFileInfo(folder).isDir());
        QStandardPaths::setTestModeEnabled(false);
    }
};

FW_TEST_CLASS(TestDatabaseConfig)
#include "tst_databaseconfig.moc"
