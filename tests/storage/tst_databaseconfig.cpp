#include "TestMain.h"
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
        QTest::newRow("pg query") << QStringLiteral("postgresql://u@h/db?sslmode=require")
                                  << QStringLiteral("unsupported parts");
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
