#pragma once
// Helpers for tests that drive the real `fleetwatch` executable: an isolated environment
// (temporary HOME and XDG folders, offscreen, UTC), one-shot runs with stdin, a --headless node
// child process whose stats lines are collected, databases on SQLite or on the throw-away
// PostgreSQL server, and a simulated fleet registered through `devices import`.

#include "../ingest/IngestTestSupport.h"
#include "PostgresTestServer.h"
#include "domain/DeviceModelCatalog.h"
#include "sim/DeviceSimulator.h"
#include "util/TimeUtil.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QEventLoop>
#include <QProcess>
#include <QTimer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace fw::test {

struct CliResult
{
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

// Every line of `text` parsed as a JSON object; a line that does not parse gives an empty
// object with "unparseable": true, so counts still match lines.
inline QList<QJsonObject> jsonLines(const QByteArray &text)
{
    QList<QJsonObject> out;
    for (const QByteArray &line : text.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        out.append(doc.isObject() ? doc.object()
                                  : QJsonObject { { QStringLiteral("unparseable"), true } });
    }
    return out;
}

inline QHash<QString, QString> statusesOf(const QJsonObject &status)
{
    QHash<QString, QString> out;
    for (const QJsonValue &v : status.value(QStringLiteral("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        out.insert(d.value(QStringLiteral("uniqueId")).toString(),
                   d.value(QStringLiteral("status")).toString());
    }
    return out;
}

struct StoredPosition
{
    QString uniqueId;
    TimeMs time = kNoTime;

    static QString keyOf(const QString &uniqueId, TimeMs t)
    {
        return uniqueId + QLatin1Char('|') + QString::number(t);
    }
    QString key() const { return keyOf(uniqueId, time); }
};

class CliEnvironment
{
public:
    bool init()
    {
        if (!m_dir.isValid())
            return false;
        m_env = QProcessEnvironment::systemEnvironment();
        for (const char *name : { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                  "XDG_STATE_HOME" }) {
            const QString folder = m_dir.filePath(QString::fromLatin1(name).toLower());
            QDir().mkpath(folder);
            m_env.insert(QString::fromLatin1(name), folder);
        }
        m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        m_env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
        m_env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        return true;
    }

    QString executable() const { return QStringLiteral(FW_EXECUTABLE); }
    QProcessEnvironment environment() const { return m_env; }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        QFile f(path(name));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(bytes);
        return f.fileName();
    }

    // serveEvents: this thread's event loop runs while the program does (for a server the test
    // runs in this thread, such as a loopback geocoder).
    CliResult run(const QStringList &args, const QByteArray &input = {},
                  int timeoutMs = 60000, bool serveEvents = false) const
    {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(executable(), args);
        CliResult r;
        if (!p.waitForStarted(10000)) {
            r.err = p.errorString().toUtf8();
            return r;
        }
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (serveEvents && p.state() != QProcess::NotRunning) {
            QEventLoop loop;
            QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (p.state() != QProcess::NotRunning && !p.waitForFinished(serveEvents ? 1 : timeoutMs)) {
            p.kill();
            p.waitForFinished(5000);
            r.crashed = true;
        }
        r.crashed = r.crashed || p.exitStatus() != QProcess::NormalExit;
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // A new empty database: "sqlite:PATH" or a PostgreSQL URL. Empty and *why on failure.
    QString newDatabase(const QString &backend, QString *why)
    {
        ++m_databases;
        if (backend == u"sqlite")
            return QStringLiteral("sqlite:")
                + path(QStringLiteral("db%1.sqlite").arg(m_databases));
        PostgresTestServer &server = PostgresTestServer::shared();
        if (!server.isRunning() && !server.start()) {
            *why = QStringLiteral("PostgreSQL test server: ") + server.errorString();
            return {};
        }
        QString error;
        const std::optional<DatabaseConfig> config = server.createDatabase(&error);
        if (!config) {
            *why = QStringLiteral("PostgreSQL database: ") + error;
            return {};
        }
        return config->url();
    }

    QString someModel() const
    {
        const DeviceModelCatalog catalog;
        return catalog.models().isEmpty() ? QString() : catalog.models().first().name;
    }

    QJsonObject statusJson(const QString &db) const
    {
        const CliResult r = run({ QStringLiteral("status"), QStringLiteral("--json"),
                                  QStringLiteral("--db"), db });
        return QJsonDocument::fromJson(r.out).object();
    }

    QList<StoredPosition> exportCsv(const QString &db, QByteArray *raw = nullptr) const
    {
        const CliResult r = run({ QStringLiteral("export"), QStringLiteral("--format"),
                                  QStringLiteral("csv"), QStringLiteral("--db"), db });
        if (raw)
            *raw = r.out;
        QList<StoredPosition> out;
        const QList<QByteArray> lines = r.out.split('\n');
        if (r.exitCode != 0 || lines.isEmpty()
            || lines.first().trimmed()
                != "uniqueId,time,lat,lon,speedKph,course,altitude,valid,network")
            return out;
        for (qsizetype k = 1; k < lines.size(); ++k) {
            const QList<QByteArray> fields = lines.at(k).split(',');
            if (fields.size() < 8)
                continue;
            out.append(StoredPosition { QString::fromUtf8(fields.at(0)),
                                        parseIso(QString::fromUtf8(fields.at(1))) });
        }
        return out;
    }

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    int m_databases = 0;
};

// A --headless node as a child process; stdout (stats lines) and stderr are collected.
class NodeProcess
{
public:
    NodeProcess()
    {
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { out += process.readAllStandardOutput(); });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                         [this] { err += process.readAllStandardError(); });
    }
    ~NodeProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }

    // Starts the node and waits until it listens on `ports` ports.
    bool start(const CliEnvironment &env, const QStringList &args, int ports)
    {
        out.clear();
        err.clear();
        process.setProcessEnvironment(env.environment());
        process.start(env.executable(), args);
        if (!process.waitForStarted(10000))
            return false;
        const QByteArray ready = QStringLiteral("listening on %1 port(s)").arg(ports).toUtf8();
        return QTest::qWaitFor([&] {
            return err.contains(ready) || process.state() == QProcess::NotRunning;
        }, 30000) && process.state() == QProcess::Running && err.contains(ready);
    }

    QList<QJsonObject> statsLines() const
    {
        QList<QJsonObject> lines;
        const qsizetype end = out.lastIndexOf('\n');
        for (const QJsonObject &o : jsonLines(out.left(end + 1))) {
            if (o.contains(QStringLiteral("stored")))
                lines.append(o);
        }
        return lines;
    }
    QJsonObject lastStats() const
    {
        const QList<QJsonObject> lines = statsLines();
        return lines.isEmpty() ? QJsonObject() : lines.last();
    }

    QProcess process;
    QByteArray out;
    QByteArray err;
};

// A simulated fleet (protocols that acknowledge data) registered in `db`, and a node for it.
class FleetRun
{
public:
    FleetRun(const CliEnvironment &env, const QString &db)
        : m_env(env)
        , m_db(db)
    {
        options.protocols = { QStringLiteral("gt06"), QStringLiteral("teltonika"),
                              QStringLiteral("osmand") };
        options.mode = SimulatorMode::Burst;
        options.routeStepMs = 1000;
        options.gpsGapPercent = 0;
        options.clockOffsetPercent = 0;
        options.ackTimeoutMs = 5000;
        options.reconnectDelayMs = 200;
        options.seed = 3;
        for (const QString &p : options.protocols)
            ports.insert(p, freeLoopbackPort());
    }

    // Builds the simulator and registers its devices with `devices import`.
    bool prepare()
    {
        options.ports = ports;
        simulator = std::make_unique<DeviceSimulator>(options);
        QByteArray csv = "uniqueId,name,model,protocol,phone,carrier,group\n";
        for (const Device &d : simulator->devices()) {
            QStringList fields { d.uniqueId, d.name, d.model, d.protocol, d.phone, d.carrier,
                                 d.group };
            for (QString &f : fields)
                f = QLatin1Char('"') + f.replace(QLatin1Char('"'), QStringLiteral("\"\""))
                    + QLatin1Char('"');
            csv += fields.join(QLatin1Char(',')).toUtf8() + '\n';
        }
        const QString file = m_env.writeFile(QStringLiteral("fleet.csv"), csv);
        const CliResult r = m_env.run({ QStringLiteral("devices"), QStringLiteral("import"), file,
                                        QStringLiteral("--db"), m_db });
        if (r.exitCode != 0)
            qWarning("devices import: %s", r.err.constData());
        return r.exitCode == 0;
    }

    bool startNode(const QStringList &extra = {})
    {
        QStringList args { QStringLiteral("--headless"), QStringLiteral("--db"), m_db,
                           QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                           QStringLiteral("--stats-interval"), QStringLiteral("1") };
        for (auto it = ports.cbegin(); it != ports.cend(); ++it)
            args << QStringLiteral("--listen")
                 << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
        const bool ok = node.start(m_env, args + extra, int(ports.size()));
        if (!ok)
            qWarning("node did not start: %s", node.err.constData());
        return ok;
    }

    QString diagnostics() const
    {
        const SimulatorStats s = simulator ? simulator->stats() : SimulatorStats {};
        return QStringLiteral("sim sent %1 acked %2 connects %3 errors %4; node: %5 %6")
            .arg(s.positionsSent)
            .arg(s.positionsAcknowledged)
            .arg(s.connectsOk)
            .arg(s.connectErrors)
            .arg(QString::fromUtf8(node.err.right(2000)),
                 QString::fromUtf8(node.out.right(600)));
    }

    SimulatorOptions options;
    QHash<QString, quint16> ports;
    std::unique_ptr<DeviceSimulator> simulator;
    NodeProcess node;

private:
    const CliEnvironment &m_env;
    QString m_db;
};

} // namespace fw::test

// In a test function: `db` (a QString) becomes a new database of the test PostgreSQL server;
// without one the test fails when PostgreSQL is required (FW_REQUIRE_POSTGRES=1) and is skipped
// otherwise.
#define FW_NEW_POSTGRES_DATABASE(env, db)                                                        \
    QString db;                                                                                  \
    {                                                                                            \
        QString whyNoDatabase;                                                                   \
        db = (env).newDatabase(QStringLiteral("postgresql"), &whyNoDatabase);                    \
        if (db.isEmpty()) {                                                                      \
            if (fw::test::PostgresTestServer::required())                                        \
                QFAIL(qPrintable(whyNoDatabase));                                                \
            QSKIP("no PostgreSQL server");                                                       \
        }                                                                                        \
    }
