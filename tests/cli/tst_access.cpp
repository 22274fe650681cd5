// Who may do what on a shared PostgreSQL database (issue #14): `db init` / `db grant` /
// `db revoke` on the throw-away server, then the real executable run as those logins. A viewer
// cannot add, edit or block a device (a clear error, nothing changed); an operator limited to
// the group "north" sees only north's devices in `status --json`, `export` and `watch --json`;
// a server that accepts only TLS is reached with sslmode=require and verify-full, and a plain
// connection is refused in our own words.

#include "CliTestSupport.h"
#include "TestMain.h"

#include "sim/Gt06FrameEncoder.h"
#include "storage/Database.h"

#include <QElapsedTimer>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {

const QString kLoginPassword = QStringLiteral("login-pw-7");

// Runs one statement as the URL's login; the error text, empty on success.
QString execAs(const QString &url, const QString &sql)
{
    const QString error = PostgresTestServer::execAs(url, sql);
    return error.isEmpty() ? QString() : error + QLatin1Char(' ');
}

QStringList deviceIds(const QJsonObject &o)
{
    QStringList ids;
    for (const QJsonValue &v : o.value(QStringLiteral("devices")).toArray())
        ids.append(v.toObject().value(QStringLiteral("uniqueId")).toString());
    ids.sort();
    return ids;
}

} // namespace

class TestAccess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void initAndGrantAreIdempotentAndChecked();
    void viewerCannotChangeDevices_data();
    void viewerCannotChangeDevices();
    void operatorWithGroupsSeesOnlyItsGroups();
    void tlsRequiredAndRefusedInOurWords();
    void nodeLoginStoresPositions_data();
    void nodeLoginStoresPositions();

private:
    QString postgresDatabase();
    // A new PostgreSQL login (with a password) on the admin URL's server; its URL to `db`.
    QString createLogin(const QString &adminUrl, const QString &login);
    CliResult run(const QStringList &args, const QString &db) const;
    bool storePositions(const QString &db, const QStringList &ids, TimeMs t, double lat);

    CliEnvironment m_env;
    QString m_viewerDb; // shared by the rows of viewerCannotChangeDevices
    QString m_viewerUrl;
};

void TestAccess::initTestCase()
{
    QVERIFY(m_env.init());
}

QString TestAccess::postgresDatabase()
{
    QString why;
    const QString db = m_env.newDatabase(QStringLiteral("postgresql"), &why);
    if (db.isEmpty() && !PostgresTestServer::required())
        qWarning("%s", qPrintable(why));
    return db;
}

QString TestAccess::createLogin(const QString &adminUrl, const QString &login)
{
    const QString error = execAs(
        adminUrl, QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(login, kLoginPassword));
    if (!error.isEmpty()) {
        qWarning("CREATE ROLE %s: %s", qPrintable(login), qPrintable(error));
        return {};
    }
    const DatabaseConfig c = *DatabaseConfig::parse(adminUrl);
    return DatabaseConfig::postgres(c.host(), c.port(), c.databaseName(), login, kLoginPassword)
        .url();
}

CliResult TestAccess::run(const QStringList &args, const QString &db) const
{
    return m_env.run(args + QStringList { QStringLiteral("--db"), db });
}

bool TestAccess::storePositions(const QString &db, const QStringList &ids, TimeMs t, double lat)
{
    Database database;
    if (!database.open(*DatabaseConfig::parse(db)))
        return false;
    QList<Position> positions;
    for (const QString &id : ids) {
        Position p;
        p.uniqueId = id;
        p.deviceTime = t;
        p.serverTime = t;
        p.valid = true;
        p.latitude = lat;
        p.longitude = 21.0;
        positions.append(p);
    }
    return database.begin() && database.stampChange() && database.insertPositions(positions)
        && database.commit();
}

void TestAccess::initAndGrantAreIdempotentAndChecked()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    for (int k = 0; k < 2; ++k) { // running it twice is fine
        const CliResult init = run({ QStringLiteral("db"), QStringLiteral("init") }, db);
        QVERIFY2(init.exitCode == 0, init.err.constData());
        QVERIFY(init.out.contains("fleetwatch_viewer"));
    }
    const QString url = createLogin(db, QStringLiteral("granted_twice"));
    QVERIFY(!url.isEmpty());
    for (int k = 0; k < 2; ++k) {
        const CliResult grant = run({ QStringLiteral("db"), QStringLiteral("grant"),
                                        QStringLiteral("operator"), QStringLiteral("granted_twice"),
                                        QStringLiteral("--groups"), QStringLiteral("north,east") },
            db);
        QVERIFY2(grant.exitCode == 0, grant.err.constData());
    }
    CliResult access
        = run({ QStringLiteral("db"), QStringLiteral("access"), QStringLiteral("--json") }, url);
    QVERIFY2(access.exitCode == 0, access.err.constData());
    QJsonObject a = QJsonDocument::fromJson(access.out).object();
    QCOMPARE(a.value(QStringLiteral("role")).toString(), QStringLiteral("operator"));
    QCOMPARE(a.value(QStringLiteral("groups")).toArray(),
        (QJsonArray { QStringLiteral("east"), QStringLiteral("north") }));
    QVERIFY(a.value(QStringLiteral("editDevices")).toBool());
    QVERIFY(!a.value(QStringLiteral("writePositions")).toBool());
    // The admin is the owner; a viewer grant replaces the operator one.
    access = run({ QStringLiteral("db"), QStringLiteral("access"), QStringLiteral("--json") }, db);
    QCOMPARE(QJsonDocument::fromJson(access.out).object().value(QStringLiteral("role")).toString(),
        QStringLiteral("owner"));
    QCOMPARE(run({ QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("viewer"),
                     QStringLiteral("granted_twice") },
                 db)
                 .exitCode,
        0);
    a = QJsonDocument::fromJson(
        run({ QStringLiteral("db"), QStringLiteral("access"), QStringLiteral("--json") }, url).out)
            .object();
    QCOMPARE(a.value(QStringLiteral("role")).toString(), QStringLiteral("viewer"));
    QVERIFY(a.value(QStringLiteral("groups")).toArray().isEmpty());
    QVERIFY(!a.value(QStringLiteral("editDevices")).toBool());

    // Refusals with a reason: unknown login, unknown role, a node with groups, SQLite.
    const struct
    {
        QStringList args;
        const char *message;
    } refusals[] = {
        { { QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("viewer"),
              QStringLiteral("nobody_here") },
            "there is no PostgreSQL login \"nobody_here\"" },
        { { QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("admin"),
              QStringLiteral("granted_twice") },
            "unknown role \"admin\"" },
        { { QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("node"),
              QStringLiteral("granted_twice"), QStringLiteral("--groups"), QStringLiteral("x") },
            "--groups is for operators and viewers" },
    };
    for (const auto &r : refusals) {
        const CliResult result = run(r.args, db);
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains(r.message), result.err.constData());
    }
    const CliResult sqlite
        = m_env.run({ QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--db"),
            QStringLiteral("sqlite:") + m_env.path(QStringLiteral("a.sqlite")) });
    QCOMPARE(sqlite.exitCode, 1);
    QVERIFY2(sqlite.err.contains("need a PostgreSQL database"), sqlite.err.constData());

    // Revoked: the login reads nothing any more.
    QCOMPARE(
        run({ QStringLiteral("db"), QStringLiteral("revoke"), QStringLiteral("granted_twice") }, db)
            .exitCode,
        0);
    const CliResult status = run({ QStringLiteral("status"), QStringLiteral("--json") }, url);
    QVERIFY(status.exitCode != 0);
    QVERIFY2(status.err.contains("login \"granted_twice\" may not read this FleetWatch database"),
        status.err.constData());
    QVERIFY2(
        status.err.contains("permission denied"), status.err.constData()); // the server's words
}

void TestAccess::viewerCannotChangeDevices_data()
{
    QTest::addColumn<QStringList>("args");
    const QString id = QStringLiteral("864717003283101");
    QTest::newRow("add") << QStringList { QStringLiteral("devices"), QStringLiteral("add"),
        QStringLiteral("--id"), QStringLiteral("864717003283102") };
    QTest::newRow("edit") << QStringList { QStringLiteral("devices"), QStringLiteral("edit"), id,
        QStringLiteral("--name"), QStringLiteral("renamed") };
    QTest::newRow("block") << QStringList { QStringLiteral("devices"), QStringLiteral("block"),
        id };
    QTest::newRow("remove") << QStringList { QStringLiteral("devices"), QStringLiteral("remove"),
        id };
}

void TestAccess::viewerCannotChangeDevices()
{
    QFETCH(QStringList, args);
    if (m_viewerDb.isEmpty()) {
        const QString db = postgresDatabase();
        if (db.isEmpty())
            QSKIP("no PostgreSQL server");
        QVERIFY(run({ QStringLiteral("db"), QStringLiteral("init") }, db).exitCode == 0);
        QCOMPARE(run({ QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"),
                         QStringLiteral("864717003283101"), QStringLiteral("--name"),
                         QStringLiteral("van") },
                     db)
                     .exitCode,
            0);
        m_viewerUrl = createLogin(db, QStringLiteral("viewer_only"));
        QVERIFY(!m_viewerUrl.isEmpty());
        const CliResult grant = run({ QStringLiteral("db"), QStringLiteral("grant"),
                                        QStringLiteral("viewer"), QStringLiteral("viewer_only") },
            db);
        QVERIFY2(grant.exitCode == 0, grant.err.constData());
        m_viewerDb = db;
    }
    const QByteArray before = run(
        { QStringLiteral("devices"), QStringLiteral("list"), QStringLiteral("--json") }, m_viewerDb)
                                  .out;
    QVERIFY(before.contains("864717003283101"));

    const CliResult r = run(args, m_viewerUrl);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("this login may not change devices (viewer)"), r.err.constData());
    QVERIFY(!r.err.contains(kLoginPassword.toUtf8()));
    // Nothing changed, and the viewer still reads.
    QCOMPARE(run({ QStringLiteral("devices"), QStringLiteral("list"), QStringLiteral("--json") },
                 m_viewerDb)
                 .out,
        before);
    const CliResult status
        = run({ QStringLiteral("status"), QStringLiteral("--json") }, m_viewerUrl);
    QVERIFY2(status.exitCode == 0, status.err.constData());
    QCOMPARE(deviceIds(QJsonDocument::fromJson(status.out).object()),
        QStringList { QStringLiteral("864717003283101") });
    // The server itself refuses, whatever client the viewer uses.
    const QString error
        = execAs(m_viewerUrl, QStringLiteral("UPDATE devices SET blocked = TRUE, name = 'x'"));
    QVERIFY2(error.contains(QStringLiteral("permission denied")), qPrintable(error));
}

void TestAccess::operatorWithGroupsSeesOnlyItsGroups()
{
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    QVERIFY(run({ QStringLiteral("db"), QStringLiteral("init") }, db).exitCode == 0);
    const QStringList north { QStringLiteral("864717003283201"),
        QStringLiteral("864717003283202") };
    const QString south = QStringLiteral("864717003283203");
    for (const QString &id : north + QStringList { south }) {
        const QString group = id == south ? QStringLiteral("south") : QStringLiteral("north");
        QCOMPARE(run({ QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"), id,
                         QStringLiteral("--group"), group },
                     db)
                     .exitCode,
            0);
    }
    const TimeMs t0 = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - 10 * kMinute;
    QVERIFY(storePositions(db, north + QStringList { south }, t0, 52.0));
    QVERIFY(storePositions(db, north + QStringList { south }, t0 + kSecond, 52.1));
    const QString url = createLogin(db, QStringLiteral("north_operator"));
    QVERIFY(!url.isEmpty());
    const CliResult grant = run(
        { QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("operator"),
            QStringLiteral("north_operator"), QStringLiteral("--groups"), QStringLiteral("north") },
        db);
    QVERIFY2(grant.exitCode == 0, grant.err.constData());
    QVERIFY(grant.out.contains("sees only the devices of north"));

    // status: north's devices, and counts of them only; the admin still sees all three.
    const QJsonObject status = m_env.statusJson(url);
    QCOMPARE(deviceIds(status), north);
    QCOMPARE(
        status.value(QStringLiteral("counts")).toObject().value(QStringLiteral("total")).toInt(),
        2);
    QCOMPARE(deviceIds(m_env.statusJson(db)).size(), 3);
    // export: north's positions only.
    QSet<QString> exported;
    const QList<StoredPosition> positions = m_env.exportCsv(url);
    for (const StoredPosition &p : positions)
        exported.insert(p.uniqueId);
    QCOMPARE(positions.size(), 4);
    QCOMPARE(exported, QSet<QString>(north.cbegin(), north.cend()));
    QCOMPARE(m_env.exportCsv(db).size(), 6);

    // watch: new positions, a block and a removal of each group: only north's lines.
    const QString northGone = QStringLiteral("864717003283205");
    const QString southGone = QStringLiteral("864717003283206");
    for (const auto &[id, group] : { std::pair { northGone, QStringLiteral("north") },
             std::pair { southGone, QStringLiteral("south") } })
        QCOMPARE(run({ QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"),
                         id, QStringLiteral("--group"), group },
                     db)
                     .exitCode,
            0);
    QProcess watch;
    watch.setProcessEnvironment(m_env.environment());
    QByteArray watchOut, watchErr;
    QObject::connect(&watch, &QProcess::readyReadStandardOutput, &watch,
        [&] { watchOut += watch.readAllStandardOutput(); });
    QObject::connect(&watch, &QProcess::readyReadStandardError, &watch,
        [&] { watchErr += watch.readAllStandardError(); });
    watch.start(m_env.executable(),
        { QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--positions"),
            QStringLiteral("--db"), url });
    QVERIFY(QTest::qWaitFor(
        [&] { return watchErr.contains("following") || watch.state() == QProcess::NotRunning; },
        30000));
    QVERIFY2(watch.state() == QProcess::Running, watchErr.constData());
    QVERIFY(storePositions(db, { south, north.first() }, t0 + 2 * kSecond, 52.2));
    QCOMPARE(run({ QStringLiteral("devices"), QStringLiteral("block"), south }, db).exitCode, 0);
    QCOMPARE(
        run({ QStringLiteral("devices"), QStringLiteral("block"), north.last() }, db).exitCode, 0);
    QCOMPARE(run({ QStringLiteral("devices"), QStringLiteral("remove"), southGone }, db).exitCode,
        0);
    QCOMPARE(run({ QStringLiteral("devices"), QStringLiteral("remove"), northGone }, db).exitCode,
        0);
    const auto seen = [&](const QString &type, const QString &id) {
        for (const QJsonObject &o : jsonLines(watchOut)) {
            if (o.value(QStringLiteral("type")).toString() == type
                && o.value(QStringLiteral("uniqueId")).toString() == id)
                return true;
        }
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(seen(QStringLiteral("position"), north.first())
            && seen(QStringLiteral("status"), north.last())
            && seen(QStringLiteral("removed"), northGone),
        watchErr.constData(), 5000);
    QTest::qWait(1500); // a line of the other group would be here by now
    for (const QJsonObject &o : jsonLines(watchOut)) {
        const QString id = o.value(QStringLiteral("uniqueId")).toString();
        QVERIFY2(id != south && id != southGone, QJsonDocument(o).toJson().constData());
    }
    watch.terminate();
    QVERIFY(watch.waitForFinished(15000));
    // The removals themselves: the limited login reads only its groups' (row-level security).
    const auto removedIds = [](const QString &login) {
        Database reader;
        QStringList ids;
        if (!reader.open(*DatabaseConfig::parse(login)))
            return QStringList { reader.lastError() };
        QSqlQuery q(reader.connection());
        if (!q.exec(QStringLiteral("SELECT unique_id FROM removed_devices ORDER BY unique_id")))
            return QStringList { q.lastError().text() };
        while (q.next())
            ids << q.value(0).toString();
        return ids;
    };
    QCOMPARE(removedIds(url), QStringList { northGone });
    QCOMPARE(removedIds(db), (QStringList { northGone, southGone }));

    // Changes outside its groups are refused, inside them allowed.
    CliResult r = run({ QStringLiteral("devices"), QStringLiteral("edit"), south,
                          QStringLiteral("--name"), QStringLiteral("taken") },
        url);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("in the groups this login sees (north)"), r.err.constData());
    r = run(
        { QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"),
            QStringLiteral("864717003283204"), QStringLiteral("--group"), QStringLiteral("south") },
        url);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("may change only devices of the groups north"), r.err.constData());
    r = run({ QStringLiteral("devices"), QStringLiteral("edit"), north.first(),
                QStringLiteral("--group"), QStringLiteral("south") },
        url);
    QCOMPARE(r.exitCode, 1);
    // The server holds the line too: a statement that moves a device out of the groups fails.
    QVERIFY(execAs(url, QStringLiteral("UPDATE devices SET group_name = 'south'"))
                .contains(QStringLiteral("row-level security")));
    QCOMPARE(execAs(url,
                 QStringLiteral("UPDATE devices SET name = 'seen' WHERE group_name = "
                                "'south'")),
        QString()); // matches no visible row
    const QJsonObject all = m_env.statusJson(db);
    for (const QJsonValue &v : all.value(QStringLiteral("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        QVERIFY(d.value(QStringLiteral("name")).toString() != u"taken");
        QVERIFY(d.value(QStringLiteral("name")).toString() != u"seen");
    }
    QCOMPARE(deviceIds(all).size(), 3);
    r = run({ QStringLiteral("devices"), QStringLiteral("unblock"), north.last() }, url);
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestAccess::tlsRequiredAndRefusedInOurWords()
{
    PostgresTestServer::Options options;
    options.tls = true;
    options.tlsOnly = true;
    PostgresTestServer server(options);
    if (!server.start()) {
        if (PostgresTestServer::required())
            QFAIL(qPrintable(server.errorString()));
        QSKIP(qPrintable(server.errorString()));
    }
    QString error;
    const std::optional<DatabaseConfig> created = server.createDatabase(&error);
    QVERIFY2(created, qPrintable(error));
    const QString base = created->url();

    for (const QString &query : QStringList { QStringLiteral("?sslmode=require"),
             QStringLiteral("?sslmode=verify-full&sslrootcert=") + server.certificateFile() }) {
        const CliResult r = m_env.run({ QStringLiteral("status"), QStringLiteral("--json"),
            QStringLiteral("--db"), base + query });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QJsonDocument::fromJson(r.out).object().contains(QStringLiteral("counts")));
    }
    const CliResult plain = m_env.run({ QStringLiteral("status"), QStringLiteral("--json"),
        QStringLiteral("--db"), base + QStringLiteral("?sslmode=disable") });
    QCOMPARE(plain.exitCode, 1);
    QVERIFY2(plain.err.contains("the server requires an encrypted (TLS) connection"),
        plain.err.constData());
    QVERIFY2(!plain.err.contains(server.password().toUtf8()), plain.err.constData());
}

void TestAccess::nodeLoginStoresPositions_data()
{
    QTest::addColumn<bool>("bypass");
    // db grant node as a superuser: BYPASSRLS, positions go in by COPY. Without it the row
    // checks apply to the node and it writes INSERTs (PostgreSQL refuses COPY FROM there).
    QTest::newRow("bypass") << true;
    QTest::newRow("row-checks") << false;
}

void TestAccess::nodeLoginStoresPositions()
{
    QFETCH(bool, bypass);
    const QString db = postgresDatabase();
    if (db.isEmpty())
        QSKIP("no PostgreSQL server");
    QVERIFY(run({ QStringLiteral("db"), QStringLiteral("init") }, db).exitCode == 0);
    const QString imei = QStringLiteral("864717003283301");
    QCOMPARE(
        run({ QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"), imei }, db)
            .exitCode,
        0);
    const QString login = bypass ? QStringLiteral("node_bypass") : QStringLiteral("node_checked");
    const QString url = createLogin(db, login);
    QVERIFY(!url.isEmpty());
    const CliResult grant
        = run({ QStringLiteral("db"), QStringLiteral("grant"), QStringLiteral("node"), login }, db);
    QVERIFY2(grant.exitCode == 0, grant.err.constData());
    if (!bypass)
        QCOMPARE(execAs(db, QStringLiteral("ALTER ROLE %1 NOBYPASSRLS").arg(login)), QString());

    const quint16 port = freeLoopbackPort();
    NodeProcess node;
    QVERIFY2(
        node.start(m_env,
            { QStringLiteral("--headless"), QStringLiteral("--db"), url, QStringLiteral("--bind"),
                QStringLiteral("127.0.0.1"), QStringLiteral("--listen"),
                QStringLiteral("gt06=%1").arg(port), QStringLiteral("--node-id"), login,
                QStringLiteral("--stats-interval"), QStringLiteral("0") },
            1),
        node.err.constData());
    const Gt06FrameEncoder encoder;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write(encoder.login(imei, 1));
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() >= 10; }, 10000));
    socket.read(10);
    Position p;
    p.deviceTime = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 - kMinute;
    p.valid = true;
    p.latitude = 52.5;
    p.longitude = 21.0;
    socket.write(encoder.position(imei, p, 2));
    QVERIFY2(QTest::qWaitFor([&] { return socket.bytesAvailable() >= 10; }, 15000),
        node.err.constData());
    socket.disconnectFromHost();
    node.process.terminate();
    QVERIFY(node.process.waitForFinished(30000));
    QVERIFY2(node.process.exitCode() == 0, node.err.constData());
    QVERIFY2(!node.err.contains("permission denied"), node.err.constData());

    const QList<StoredPosition> stored = m_env.exportCsv(db);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().uniqueId, imei);
    QCOMPARE(stored.first().time, p.deviceTime);
    const CliResult nodes = run({ QStringLiteral("nodes"), QStringLiteral("--json") }, db);
    QVERIFY2(nodes.out.contains(login.toUtf8()), nodes.out.constData());
}

FW_TEST_CLASS(TestAccess)
#include "tst_access.moc"
