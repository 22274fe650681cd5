// Command-line contract tests: they drive the real `fleetwatch` executable with QProcess, as
// scripts and administrators do (interfaces.md). Covers --version/--help, protocols, decode
// over the shared Traccar vectors and over hostile input, the devices commands with their
// errors, and the storage acceptance scenario on SQLite and PostgreSQL: a --headless node fed by
// the DeviceSimulator, stopped with SIGTERM, then status/export checked against what the
// simulated devices had acknowledged.

#include "CliTestSupport.h"
#include "TestMain.h"
#include "domain/Device.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QXmlStreamReader>

using namespace fw;
using namespace fw::test;

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void version();
    void help();
    void protocolsJson();
    void decodeVectors_data();
    void decodeVectors();
    void decodeBadInput();

    void devices_data();
    void devices();
    void devicesImport_data();
    void devicesImport();
    void typosAreRefused_data();
    void typosAreRefused();

    void acceptance_data();
    void acceptance();

private:
    void backendRows();
    CliEnvironment m_env;
};

void TestCli::initTestCase()
{
    QVERIFY2(m_env.init(), "temporary home");
    QVERIFY2(QFile::exists(m_env.executable()), qPrintable(m_env.executable()));
}

void TestCli::version()
{
    const CliResult r = m_env.run({ QStringLiteral("--version") });
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith("FleetWatch "), r.out.constData());
    QVERIFY(r.out.trimmed().size() > 11);
}

void TestCli::help()
{
    const CliResult r = m_env.run({ QStringLiteral("--help") });
    QCOMPARE(r.exitCode, 0);
    for (const char *word : { "--headless", "decode", "identify", "devices", "status", "export",
                              "protocols", "--listen", "--stats-interval" })
        QVERIFY2(r.out.contains(word), word);
    // Bad options exit non-zero with a message (a bare unknown word would open the window).
    for (const QStringList &args :
         { QStringList { QStringLiteral("--headless"), QStringLiteral("--stats-interval"),
                         QStringLiteral("soon") },
           QStringList { QStringLiteral("--headless"), QStringLiteral("--listen"),
                         QStringLiteral("gt06=port") },
           QStringList { QStringLiteral("--headless"), QStringLiteral("--bind"),
                         QStringLiteral("not-an-address") },
           QStringList { QStringLiteral("export"), QStringLiteral("--format"),
                         QStringLiteral("shp") } }) {
        const CliResult bad = m_env.run(args);
        QVERIFY2(bad.exitCode != 0, qPrintable(args.join(QLatin1Char(' '))));
        QVERIFY(!bad.crashed);
        QVERIFY(!bad.err.trimmed().isEmpty());
    }
}

void TestCli::protocolsJson()
{
    const CliResult r = m_env.run({ QStringLiteral("protocols"), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(doc.isObject(), qPrintable(error.errorString()));
    QSet<QString> names;
    for (const QJsonValue &v : doc.object().value(QStringLiteral("protocols")).toArray()) {
        const QJsonObject p = v.toObject();
        names.insert(p.value(QStringLiteral("name")).toString());
        QVERIFY(p.value(QStringLiteral("port")).toInt() > 0);
        QVERIFY(!p.value(QStringLiteral("transports")).toArray().isEmpty());
    }
    for (const char *name : { "osmand", "gt06", "teltonika", "h02", "gps103", "watch", "jt808",
                              "nmea", "aprs" })
        QVERIFY2(names.contains(QLatin1String(name)), name);
    // The teltonika listener takes UDP too; osmand is HTTP.
    for (const QJsonValue &v : doc.object().value(QStringLiteral("protocols")).toArray()) {
        const QJsonObject p = v.toObject();
        const QJsonArray t = p.value(QStringLiteral("transports")).toArray();
        if (p.value(QStringLiteral("name")) == QStringLiteral("teltonika"))
            QVERIFY(t.contains(QStringLiteral("udp")));
        if (p.value(QStringLiteral("name")) == QStringLiteral("osmand"))
            QVERIFY(t.contains(QStringLiteral("http")));
    }
}

void TestCli::decodeVectors_data()
{
    QTest::addColumn<QString>("file");
    for (const char *p : { "gt06", "h02", "gps103", "teltonika", "osmand", "watch", "jt808" })
        QTest::newRow(p) << QStringLiteral(FW_SHARED_DIR "/vectors/traccar/%1.jsonl")
                                .arg(QLatin1String(p));
}

void TestCli::decodeVectors()
{
    QFETCH(QString, file);
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        QSKIP("the shared Traccar vectors are not present");
    const QByteArray input = in.readAll();
    qsizetype lines = 0;
    for (const QByteArray &line : input.split('\n'))
        lines += line.trimmed().isEmpty() ? 0 : 1;
    QVERIFY(lines > 0);
    const CliResult r = m_env.run({ QStringLiteral("decode"), QStringLiteral("-") }, input);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> out = jsonLines(r.out);
    QCOMPARE(out.size(), lines); // exactly one parseable line per sample
    QCOMPARE(qsizetype(r.out.count('\n')), lines);
    int ok = 0;
    for (const QJsonObject &o : out) {
        QVERIFY(o.contains(QStringLiteral("ok")));
        if (o.value(QStringLiteral("ok")).toBool()) {
            ++ok;
            QVERIFY(o.value(QStringLiteral("messages")).isArray());
        } else {
            QVERIFY(!o.value(QStringLiteral("error")).toString().isEmpty());
        }
    }
    qInfo("%s: %d of %lld samples decoded", qPrintable(QFileInfo(file).baseName()), ok,
          static_cast<long long>(lines));
    QVERIFY(ok > lines / 2);
}

void TestCli::decodeBadInput()
{
    const QList<QByteArray> inputs = {
        "this is not json",
        "[1,2,3]",
        R"({"protocol":"nosuch","transport":"tcp","encoding":"hex","payload":"00"})",
        R"({"protocol":"gt06","transport":"tcp","encoding":"hex","payload":"zz"})",
        R"({"protocol":"gt06","transport":"tcp","encoding":"hex","payload":"78780d01"})",
        R"({"protocol":"gt06","transport":"tcp","encoding":"hex","payload":""})",
        R"({"protocol":"teltonika","transport":"tcp","encoding":"hex",)"
        R"("payload":"00000000ffffffff08"})",
        R"({"protocol":"osmand","transport":"http","encoding":"http","payload":"/?lat=abc"})",
        R"({"protocol":"jt808","transport":"tcp","encoding":"hex","payload":"7e7e7e"})",
        R"({"protocol":"h02","transport":"tcp","encoding":"text","payload":"hello#"})",
        R"({"protocol":"watch","transport":"tcp","encoding":"text","payload":"[SG*]"})",
        R"({"protocol":"gt06","encoding":"hex","payload":)"
            + QByteArray(20000, 'f').toHex().left(30000) + "\"}",
        R"({"protocol":"gt06","transport":"tcp","encoding":"hex","payload":")"
            + QByteArray(3000, '\x78').toHex() + "\"}",
        R"({"protocol":"gps103","transport":"tcp","encoding":"text","payload":"imei:;"})",
    };
    QByteArray stdinBytes;
    for (const QByteArray &line : inputs)
        stdinBytes += line + '\n';
    const CliResult r = m_env.run({ QStringLiteral("decode"), QStringLiteral("-") }, stdinBytes);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> out = jsonLines(r.out);
    QCOMPARE(out.size(), inputs.size());
    for (qsizetype k = 0; k < out.size(); ++k) {
        const QJsonObject &o = out.at(k);
        const QString error = o.value(QStringLiteral("error")).toString();
        QVERIFY2(!o.value(QStringLiteral("ok")).toBool(), inputs.at(k).left(100).constData());
        QVERIFY2(!error.isEmpty(), inputs.at(k).left(100).constData());
    }

    // Single payloads on the command line: a bad one is ok:false too, never a crash.
    const CliResult one = m_env.run({ QStringLiteral("decode"), QStringLiteral("--protocol"),
                                      QStringLiteral("gt06"), QStringLiteral("--hex"),
                                      QStringLiteral("787805010001d9dc0d0b") });
    QVERIFY(!one.crashed);
    const QList<QJsonObject> single = jsonLines(one.out);
    QCOMPARE(single.size(), qsizetype(1));
    QVERIFY(!single.first().value(QStringLiteral("ok")).toBool());
}

void TestCli::backendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

void TestCli::devices_data()
{
    backendRows();
}

void TestCli::devices()
{
    QFETCH(QString, backend);
    QString why;
    const QString db = m_env.newDatabase(backend, &why);
    if (db.isEmpty()) {
        if (backend == u"postgresql" && !PostgresTestServer::required())
            QSKIP(qPrintable(why));
        QFAIL(qPrintable(why));
    }
    const QString model = m_env.someModel();
    const QString imei = DeviceSimulator::withLuhnDigit(u"35345678901234");
    QString badImei = imei;
    badImei[14] = QChar(u'0' + (badImei.at(14).digitValue() + 1) % 10);

    const auto devices = [&](QStringList args) {
        return m_env.run(QStringList { QStringLiteral("devices") } + args
                         + QStringList { QStringLiteral("--db"), db });
    };
    const auto list = [&] {
        const CliResult r = devices({ QStringLiteral("list"), QStringLiteral("--json") });
        QHash<QString, QJsonObject> out;
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        for (const QJsonValue &v : doc.value(QStringLiteral("devices")).toArray())
            out.insert(v.toObject().value(QStringLiteral("uniqueId")).toString(), v.toObject());
        return out;
    };

    CliResult r = devices({ QStringLiteral("add"), QStringLiteral("--id"), imei,
                            QStringLiteral("--name"), QStringLiteral("Van 1"),
                            QStringLiteral("--model"), model, QStringLiteral("--phone"),
                            QStringLiteral("+441234567"), QStringLiteral("--group"),
                            QStringLiteral("North") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(list().value(imei).value(QStringLiteral("name")).toString(), QStringLiteral("Van 1"));
    QCOMPARE(list().value(imei).value(QStringLiteral("group")).toString(),
             QStringLiteral("North"));

    // Errors exit non-zero with a message and change nothing.
    struct Bad
    {
        QStringList args;
        const char *what;
    };
    const QList<Bad> bad = {
        { { QStringLiteral("add"), QStringLiteral("--id"), imei, QStringLiteral("--name"),
            QStringLiteral("Again") },
          "duplicate id" },
        { { QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("X1"),
            QStringLiteral("--name"), QStringLiteral("X"), QStringLiteral("--model"),
            QStringLiteral("No Such Model 9000") },
          "unknown model" },
        { { QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("No id") },
          "missing id" },
        { { QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("a b"),
            QStringLiteral("--name"), QStringLiteral("Space") },
          "id with a space" },
        { { QStringLiteral("edit"), QStringLiteral("999999999999999"), QStringLiteral("--name"),
            QStringLiteral("Nobody") },
          "edit of an unknown id" },
        { { QStringLiteral("edit"), imei, QStringLiteral("--model"),
            QStringLiteral("No Such Model 9000") },
          "edit to an unknown model" },
        { { QStringLiteral("block"), imei, QStringLiteral("--until"),
            QStringLiteral("not-a-time") },
          "bad --until" },
        { { QStringLiteral("remove"), QStringLiteral("999999999999999") }, "remove unknown" },
        { { QStringLiteral("frobnicate") }, "unknown action" },
    };
    for (const Bad &b : bad) {
        r = devices(b.args);
        QVERIFY2(r.exitCode != 0, b.what);
        QVERIFY2(!r.crashed, b.what);
        QVERIFY2(!r.err.trimmed().isEmpty(), b.what);
    }
    QCOMPARE(list().size(), qsizetype(1));
    QCOMPARE(list().value(imei).value(QStringLiteral("name")).toString(), QStringLiteral("Van 1"));

    // An id is whatever the device sends: 15 digits with a wrong IMEI check digit (like the
    // public H02 sample's 353505220873067) register with a warning on stderr, exit 0.
    for (const QString &unusual : { badImei, QStringLiteral("353505220873067") }) {
        QVERIFY(hasWrongImeiCheckDigit(unusual));
        r = devices({ QStringLiteral("add"), QStringLiteral("--id"), unusual,
                      QStringLiteral("--name"), QStringLiteral("x") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("warning") && r.err.contains(unusual.toLatin1()),
                 r.err.constData());
        QVERIFY(list().contains(unusual));
        r = devices({ QStringLiteral("remove"), unusual });
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    // A valid IMEI gets no warning.
    r = devices({ QStringLiteral("edit"), imei, QStringLiteral("--name"), QStringLiteral("Van 1") });
    QVERIFY2(r.exitCode == 0 && r.err.trimmed().isEmpty(), r.err.constData());
    QCOMPARE(list().size(), qsizetype(1));

    r = devices({ QStringLiteral("edit"), imei, QStringLiteral("--name"), QStringLiteral("Van 2"),
                  QStringLiteral("--offline-timeout"), QStringLiteral("900") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(list().value(imei).value(QStringLiteral("name")).toString(), QStringLiteral("Van 2"));
    QCOMPARE(list().value(imei).value(QStringLiteral("offlineTimeout")).toInt(), 900);

    r = devices({ QStringLiteral("block"), imei });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(list().value(imei).value(QStringLiteral("blocked")).toBool());
    const QJsonObject status = QJsonDocument::fromJson(
                                   m_env.run({ QStringLiteral("status"), QStringLiteral("--json"),
                                               QStringLiteral("--db"), db })
                                       .out)
                                   .object();
    QCOMPARE(status.value(QStringLiteral("counts")).toObject().value(QStringLiteral("blocked"))
                 .toInt(),
             1);
    r = devices({ QStringLiteral("unblock"), imei });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(!list().value(imei).value(QStringLiteral("blocked")).toBool());
    r = devices({ QStringLiteral("block"), imei, QStringLiteral("--until"),
                  QStringLiteral("2099-01-02T03:04:05Z") });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(list().value(imei).value(QStringLiteral("blockedUntil")).toString(),
             QStringLiteral("2099-01-02T03:04:05Z"));

    r = devices({ QStringLiteral("remove"), imei });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(list().isEmpty());
    r = devices({ QStringLiteral("remove"), imei });
    QVERIFY(r.exitCode != 0);
}

void TestCli::devicesImport_data()
{
    backendRows();
}

void TestCli::devicesImport()
{
    QFETCH(QString, backend);
    QString why;
    const QString db = m_env.newDatabase(backend, &why);
    if (db.isEmpty()) {
        if (backend == u"postgresql" && !PostgresTestServer::required())
            QSKIP(qPrintable(why));
        QFAIL(qPrintable(why));
    }
    const QString model = m_env.someModel();
    const QString a = DeviceSimulator::withLuhnDigit(u"35345678900001");
    const QString b = DeviceSimulator::withLuhnDigit(u"35345678900002");
    QString wrong = DeviceSimulator::withLuhnDigit(u"35345678900003");
    wrong[14] = QChar(u'0' + (wrong.at(14).digitValue() + 5) % 10);
    const QByteArray header = "uniqueId,name,model,protocol,phone,carrier,offlineTimeout,group\n";
    const auto row = [](const QString &id, const char *name, const QString &modelName) {
        return QStringLiteral("%1,\"%2\",%3,,+4412345,Vodafone,600,North\n")
            .arg(id, QString::fromUtf8(name), modelName)
            .toUtf8();
    };
    const auto import = [&](const QByteArray &csv) {
        const QString path = m_env.writeFile(QStringLiteral("import.csv"), csv);
        return m_env.run({ QStringLiteral("devices"), QStringLiteral("import"), path,
                           QStringLiteral("--db"), db });
    };
    const auto count = [&] {
        const CliResult r = m_env.run({ QStringLiteral("devices"), QStringLiteral("list"),
                                        QStringLiteral("--json"), QStringLiteral("--db"), db });
        return QJsonDocument::fromJson(r.out)
            .object()
            .value(QStringLiteral("devices"))
            .toArray()
            .size();
    };

    // A bad row anywhere: nothing imported, the line number named.
    struct Case
    {
        QByteArray csv;
        const char *line;
        const char *what;
    };
    const QList<Case> cases = {
        { header + row(a, "A", model) + row(b, "B", QStringLiteral("No Such Model 9000")),
          "line 3",
          "unknown model" },
        { header + row(a, "A", model) + row(a, "A again", model), "line 3", "duplicate in file" },
        { header + row(a, "A", model) + "onlyonefield\n", "line 3", "short row" },
        { header + row(a, "A", model) + row(b, "", model), "line 3", "empty name" },
        { "uniqueId,name,colour\n" + row(a, "A", model), "line 1", "unknown column" },
    };
    for (const Case &c : cases) {
        const CliResult r = import(c.csv);
        QVERIFY2(r.exitCode != 0, c.what);
        QVERIFY2(r.err.contains(c.line),
                 QByteArray(QByteArray(c.what) + ": " + r.err).constData());
        QCOMPARE(count(), qsizetype(0));
    }

    CliResult r = import(header + row(a, "A, the first", model) + row(b, "B", model));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("2"));
    QCOMPARE(count(), qsizetype(2));

    // An id that is already registered: all or nothing against the database too.
    const QString c = DeviceSimulator::withLuhnDigit(u"35345678900004");
    r = import(header + row(c, "C", model) + row(a, "A dup", model));
    QVERIFY(r.exitCode != 0);
    QVERIFY(!r.err.trimmed().isEmpty());
    QCOMPARE(count(), qsizetype(2));

    r = m_env.run({ QStringLiteral("devices"), QStringLiteral("import"),
                    m_env.path(QStringLiteral("missing.csv")), QStringLiteral("--db"), db });
    QVERIFY(r.exitCode != 0);

    // The contract's header names: "id" (or uniqueId, imei) in any case, with spaces trimmed;
    // an id with a wrong IMEI check digit imports with a warning.
    const QString d = DeviceSimulator::withLuhnDigit(u"35345678900005");
    r = import("id,name\n" + d.toLatin1() + ",D\n" + wrong.toLatin1() + ",W\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("line 3") && r.err.contains(wrong.toLatin1()), r.err.constData());
    QCOMPARE(count(), qsizetype(4));
    const QString e = DeviceSimulator::withLuhnDigit(u"35345678900006");
    r = import(" IMEI , Name \n" + e.toLatin1() + ",E\n");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.trimmed().isEmpty(), r.err.constData());
    QCOMPARE(count(), qsizetype(5));
    // A header that is not understood says which names are accepted.
    r = import("serial,name\n" + e.toLatin1() + ",E\n");
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("serial") && r.err.contains("imei") && r.err.contains("uniqueId"),
             r.err.constData());
}

void TestCli::typosAreRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("misspelt command") << QStringList { QStringLiteral("statsu") }
                                      << QStringLiteral("did you mean \"status\"");
    QTest::newRow("unknown command") << QStringList { QStringLiteral("frobnicate") }
                                     << QStringLiteral("unknown command \"frobnicate\"");
    QTest::newRow("unknown option") << QStringList { QStringLiteral("--nonsense") }
                                    << QStringLiteral("unknown option \"--nonsense\"");
    QTest::newRow("misspelt window option") << QStringList { QStringLiteral("--dmeo") }
                                            << QStringLiteral("did you mean \"--demo\"");
    QTest::newRow("misspelt subcommand option")
        << QStringList { QStringLiteral("status"), QStringLiteral("--jsno") }
        << QStringLiteral("did you mean \"--json\"");
    QTest::newRow("misspelt headless option")
        << QStringList { QStringLiteral("--headless"), QStringLiteral("--listne"),
                         QStringLiteral("gt06=5023") }
        << QStringLiteral("did you mean \"--listen\"");
    QTest::newRow("misspelt protocols option")
        << QStringList { QStringLiteral("protocols"), QStringLiteral("--jason") }
        << QStringLiteral("did you mean \"--json\"");
}

// A typo never opens the window or a port: one line naming the nearest valid name, exit 2.
void TestCli::typosAreRefused()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QString why;
    const QString db = m_env.newDatabase(QStringLiteral("sqlite"), &why);
    const CliResult r = m_env.run(args + QStringList { QStringLiteral("--db"), db }, {}, 15000);
    QVERIFY2(!r.crashed, r.err.constData()); // a window that opened would time out here
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QCOMPARE(r.err.trimmed().count('\n'), 0); // one line
    QVERIFY(r.out.isEmpty());
}

void TestCli::acceptance_data()
{
    backendRows();
}

// interfaces.md / issue 4 acceptance: after --headless received N positions from the
// simulator and exited on SIGTERM, export lists exactly N; status beside the live node agrees.
void TestCli::acceptance()
{
    QFETCH(QString, backend);
    QString why;
    const QString db = m_env.newDatabase(backend, &why);
    if (db.isEmpty()) {
        if (backend == u"postgresql" && !PostgresTestServer::required())
            QSKIP(qPrintable(why));
        QFAIL(qPrintable(why));
    }
    FleetRun run(m_env, db);
    run.options.devicesPerProtocol = 4;
    run.options.positionsPerDevice = 25;
    QVERIFY(run.prepare());
    const int devices = int(run.simulator->devices().size());
    const int n = devices * run.options.positionsPerDevice;
    QVERIFY(run.startNode());

    QSignalSpy finished(run.simulator.get(), &DeviceSimulator::finished);
    run.simulator->start();
    QVERIFY2(finished.wait(60000), qPrintable(run.diagnostics()));
    const QList<AckedPosition> acks = run.simulator->acknowledgedPositions();
    // Every protocol here acknowledges data: every position sent was acknowledged, once.
    QCOMPARE(acks.size(), qsizetype(n));
    QCOMPARE(run.simulator->stats().positionsSent, qint64(n));
    run.simulator->stop();

    // Beside the live node: the stored statuses are the node's (every device reported a
    // current fix a moment ago: online).
    QTRY_VERIFY_WITH_TIMEOUT(run.node.lastStats().value(QStringLiteral("stored")).toInt() == n,
                             10000);
    const QJsonObject live = m_env.statusJson(db);
    const QJsonObject liveCounts = live.value(QStringLiteral("counts")).toObject();
    QCOMPARE(liveCounts.value(QStringLiteral("total")).toInt(), devices);
    QCOMPARE(liveCounts.value(QStringLiteral("online")).toInt(), devices);
    const QHash<QString, QString> liveStatuses = statusesOf(live);
    QCOMPARE(liveStatuses.size(), qsizetype(devices));
    for (const Device &d : run.simulator->devices())
        QCOMPARE(liveStatuses.value(d.uniqueId), QStringLiteral("online"));

    run.node.process.terminate();
    QVERIFY(run.node.process.waitForFinished(60000));
    QCOMPARE(run.node.process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(run.node.process.exitCode() == 0, run.node.err.constData());
    const QJsonObject final = run.node.lastStats();
    QCOMPARE(final.value(QStringLiteral("stored")).toInt(), n);
    QCOMPARE(final.value(QStringLiteral("positions")).toInt(), n);
    QCOMPARE(final.value(QStringLiteral("undecoded")).toInt(), 0);
    QCOMPARE(final.value(QStringLiteral("unknown")).toInt(), 0);
    QVERIFY(final.value(QStringLiteral("connectionsPeak")).toInt() >= devices);

    // export --format csv lists exactly the N acknowledged positions.
    const QList<StoredPosition> stored = m_env.exportCsv(db);
    QCOMPARE(stored.size(), qsizetype(n));
    QSet<QString> keys;
    for (const StoredPosition &p : stored)
        keys.insert(p.key());
    QCOMPARE(keys.size(), qsizetype(n));
    for (const AckedPosition &a : acks)
        QVERIFY2(keys.contains(StoredPosition::keyOf(a.uniqueId, a.deviceTime)),
                 qPrintable(a.uniqueId));

    // status after the node exited agrees with the one beside the live node.
    const QJsonObject after = m_env.statusJson(db);
    QCOMPARE(after.value(QStringLiteral("counts")).toObject(), liveCounts);
    QCOMPARE(statusesOf(after), liveStatuses);

    // gpx and geojson parse and hold the same track.
    const CliResult gpx = m_env.run({ QStringLiteral("export"), QStringLiteral("--format"),
                                      QStringLiteral("gpx"), QStringLiteral("--db"), db });
    QCOMPARE(gpx.exitCode, 0);
    QXmlStreamReader xml(gpx.out);
    int points = 0;
    QStringList tracks;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"trkpt")
            ++points;
        if (xml.isStartElement() && xml.name() == u"trk") {
            xml.readNextStartElement();
            if (xml.name() == u"name")
                tracks << xml.readElementText();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(points, n);
    QCOMPARE(tracks.size(), qsizetype(devices)); // one track per device
    QCOMPARE(QSet<QString>(tracks.begin(), tracks.end()).size(), qsizetype(devices));

    const CliResult geo = m_env.run({ QStringLiteral("export"), QStringLiteral("--format"),
                                      QStringLiteral("geojson"), QStringLiteral("--db"), db });
    QCOMPARE(geo.exitCode, 0);
    QJsonParseError error {};
    const QJsonObject fc = QJsonDocument::fromJson(geo.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(fc.value(QStringLiteral("type")).toString(), QStringLiteral("FeatureCollection"));
    const QJsonArray features = fc.value(QStringLiteral("features")).toArray();
    QCOMPARE(features.size(), qsizetype(devices));
    qsizetype coordinates = 0;
    for (const QJsonValue &f : features) {
        const QJsonObject geometry = f.toObject().value(QStringLiteral("geometry")).toObject();
        QCOMPARE(geometry.value(QStringLiteral("type")).toString(), QStringLiteral("LineString"));
        coordinates += geometry.value(QStringLiteral("coordinates")).toArray().size();
    }
    QCOMPARE(coordinates, qsizetype(n));
}

FW_TEST_CLASS(TestCli)
#include "tst_cli.moc"
