// "Test connection" of a window that connects to a FleetWatch server (issue #14): the core
// ConnectionCheck against the throw-away PostgreSQL server on loopback, one row per problem we
// can make there (nobody listening on the port, a wrong password and an unknown login under
// scram-sha-256, no such database, an empty database, a schema version from the future, a login
// without FleetWatch privileges, and a good one); and the classification of server messages we
// cannot make on loopback (TLS required by a hostssl-only server, TLS not offered).

#include "TestMain.h"

#include "PostgresTestServer.h"
#include "ingest/FreePort.h"
#include "remote/ConnectionCheck.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>

using namespace fw;
using namespace fw::test;
using Problem = ConnectionCheck::Problem;

Q_DECLARE_METATYPE(fw::ConnectionCheck::Problem)

class TestConnectionCheck : public QObject
{
    Q_OBJECT

private slots:
    void classifiesServerMessages_data();
    void classifiesServerMessages();
    void realServer_data();
    void realServer();

private:
    std::optional<DatabaseConfig> fleetWatchDatabase(QString *error);
};

void TestConnectionCheck::classifiesServerMessages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Problem>("problem");
    QTest::newRow("refused") << QStringLiteral(
        "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the "
        "server running on that host and accepting TCP/IP connections?")
                             << Problem::Unreachable;
    QTest::newRow("unknown-host") << QStringLiteral(
        "could not translate host name \"nowhere.invalid\" to address: Name or service not known")
                                  << Problem::Unreachable;
    QTest::newRow("timeout") << QStringLiteral("timeout expired") << Problem::Unreachable;
    QTest::newRow("password") << QStringLiteral(
        "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password "
        "authentication failed for user \"fw\"")
                              << Problem::PasswordRefused;
    QTest::newRow("no-password") << QStringLiteral("fe_sendauth: no password supplied")
                                 << Problem::PasswordRefused;
    QTest::newRow("tls-required") << QStringLiteral(
        "FATAL:  no pg_hba.conf entry for host \"10.0.0.5\", user \"fw\", database \"fleet\", "
        "no encryption")
                                  << Problem::TlsRequired;
    QTest::newRow("tls-required-old") << QStringLiteral(
        "FATAL:  no pg_hba.conf entry for host \"10.0.0.5\", user \"fw\", database \"fleet\", "
        "SSL off")
                                      << Problem::TlsRequired;
    QTest::newRow("tls-unavailable") << QStringLiteral(
        "server does not support SSL, but SSL was required")
                                     << Problem::TlsUnavailable;
    QTest::newRow("hba-no-entry") << QStringLiteral(
        "FATAL:  no pg_hba.conf entry for host \"10.0.0.5\", user \"fw\", database \"fleet\", "
        "SSL encryption")
                                  << Problem::LoginNotAllowed;
    QTest::newRow("no-database") << QStringLiteral("FATAL:  database \"fleet\" does not exist")
                                 << Problem::NoSuchDatabase;
    QTest::newRow("other") << QStringLiteral("FATAL:  sorry, too many clients already")
                           << Problem::Other;
}

void TestConnectionCheck::classifiesServerMessages()
{
    QFETCH(QString, text);
    QFETCH(Problem, problem);
    QCOMPARE(ConnectionCheck::id(ConnectionCheck::classifyConnectError(text)),
        ConnectionCheck::id(problem));
}

std::optional<DatabaseConfig> TestConnectionCheck::fleetWatchDatabase(QString *error)
{
    std::optional<DatabaseConfig> config = PostgresTestServer::shared().createDatabase(error);
    if (!config)
        return std::nullopt;
    Database db;
    if (!db.open(*config)) {
        *error = db.lastError();
        return std::nullopt;
    }
    return config;
}

void TestConnectionCheck::realServer_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<QString>("says"); // a part of the message the operator reads
    QTest::newRow("ok") << QStringLiteral("ok") << Problem::None << QStringLiteral("Connected");
    QTest::newRow("wrong-port") << QStringLiteral("wrong-port") << Problem::Unreachable
                                << QStringLiteral("No server answers at 127.0.0.1:");
    QTest::newRow("wrong-password-scram") << QStringLiteral("wrong-password")
                                          << Problem::PasswordRefused
                                          << QStringLiteral("password is wrong");
    QTest::newRow("unknown-login") << QStringLiteral("unknown-login") << Problem::PasswordRefused
                                   << QStringLiteral("refused the login \"nobody_here\"");
    QTest::newRow("no-database") << QStringLiteral("no-database") << Problem::NoSuchDatabase
                                 << QStringLiteral("no database called");
    QTest::newRow("empty-database") << QStringLiteral("empty") << Problem::NotFleetWatch
                                    << QStringLiteral("is not a FleetWatch database");
    QTest::newRow("schema-newer") << QStringLiteral("newer") << Problem::SchemaNewer
                                  << QStringLiteral("newer FleetWatch (schema version %1")
                                         .arg(Database::latestSchemaVersion() + 1);
    QTest::newRow("no-privileges") << QStringLiteral("no-privileges") << Problem::NoPrivileges
                                   << QStringLiteral("may not read FleetWatch's tables");
}

void TestConnectionCheck::realServer()
{
    QFETCH(QString, kind);
    QFETCH(Problem, problem);
    QFETCH(QString, says);
    PostgresTestServer &server = PostgresTestServer::shared();
    if (!server.isRunning() && !server.start()) {
        if (PostgresTestServer::required())
            QFAIL(qPrintable(server.errorString()));
        QSKIP("no PostgreSQL server");
    }
    QString error;
    std::optional<DatabaseConfig> config = kind == u"empty"
        ? server.createDatabase(&error)
        : fleetWatchDatabase(&error);
    QVERIFY2(config, qPrintable(error));
    DatabaseConfig target = *config;
    if (kind == u"wrong-port") {
        const quint16 port = freeTcpUdpPort(); // nobody listens there
        QVERIFY(port != 0);
        target = DatabaseConfig::postgres(
            config->host(), port, config->databaseName(), config->user(), config->password());
    } else if (kind == u"wrong-password") {
        target = DatabaseConfig::postgres(config->host(), config->port(),
            config->databaseName(), config->user(), QStringLiteral("not-the-password"));
    } else if (kind == u"unknown-login") {
        target = DatabaseConfig::postgres(config->host(), config->port(),
            config->databaseName(), QStringLiteral("nobody_here"), QStringLiteral("x"));
    } else if (kind == u"no-database") {
        target = DatabaseConfig::postgres(config->host(), config->port(),
            QStringLiteral("no_such_fleet"), config->user(), config->password());
    } else if (kind == u"newer") {
        Database db;
        QVERIFY(db.open(*config));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at, "
                                       "description) VALUES (%1, 0, 'from the future')")
                            .arg(Database::latestSchemaVersion() + 1)));
    } else if (kind == u"no-privileges") {
        // A login that may connect (PUBLIC may) but was granted nothing on FleetWatch's tables.
        const QString login = QStringLiteral("fw_nogrant_%1").arg(QCoreApplication::applicationPid());
        Database db;
        QVERIFY(db.open(*config));
        db.exec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(login));
        QVERIFY2(db.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'plain-login'").arg(login)),
            qPrintable(db.lastError()));
        target = DatabaseConfig::postgres(config->host(), config->port(),
            config->databaseName(), login, QStringLiteral("plain-login"));
    }
    QElapsedTimer timer;
    timer.start();
    const ConnectionCheck::Result r = ConnectionCheck::run(target, 5);
    const qint64 ms = timer.elapsed();
    QVERIFY2(r.problem == problem,
        qPrintable(ConnectionCheck::id(r.problem) + u": "_qs + r.message + u" / "_qs + r.detail));
    QVERIFY2(r.message.contains(says), qPrintable(r.message));
    QVERIFY(!r.message.contains(QStringLiteral("fw-test-secret")));
    QVERIFY(!r.detail.contains(QStringLiteral("fw-test-secret")));
    QVERIFY2(ms < 5000, qPrintable(QStringLiteral("%1 ms").arg(ms)));
    if (kind == u"empty") {
        // The check created nothing: still not a FleetWatch database.
        QCOMPARE(ConnectionCheck::run(target).problem, Problem::NotFleetWatch);
    }
}

FW_TEST_CLASS(TestConnectionCheck)

#include "tst_connectioncheck.moc"
