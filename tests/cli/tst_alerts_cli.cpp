// `fleetwatch geofences|rules|alerts` through the real executable: geofences added and imported,
// listed as the contract's JSON, rules with targets; a --headless node that picks up a rule added
// while it runs, raises a geofence-enter alert from OsmAnd positions sent over HTTP, stores it
// once, and `alerts --json` / `alerts ack` show and acknowledge it. Bad input exits non-zero with
// a message and never crashes. A node hands each new alert to its rule's targets: an e-mail to a
// loopback SMTP server and a webhook POST to a loopback HTTP server, both started by the test.
#include "LoopbackHttpServer.h"
#include "LoopbackSmtpServer.h"
#include "CliTestSupport.h"
#include "TestMain.h"

#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>

using namespace fw;
using namespace fw::test;

namespace {
quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// One OsmAnd report over HTTP; true when the node answered 200.
bool sendOsmAnd(quint16 port, const QString &id, qint64 unixSeconds, double lat, double lon)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return false;
    const QByteArray request = QStringLiteral("GET /?id=%1&timestamp=%2&lat=%3&lon=%4&speed=10 "
                                              "HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                   .arg(id)
                                   .arg(unixSeconds)
                                   .arg(lat, 0, 'f', 6)
                                   .arg(lon, 0, 'f', 6)
                                   .toUtf8();
    s.write(request);
    QByteArray reply;
    (void)QTest::qWaitFor([&] {
        s.waitForReadyRead(100);
        reply += s.readAll();
        return reply.contains("\r\n\r\n") || s.state() != QAbstractSocket::ConnectedState;
    }, 10000);
    return reply.startsWith("HTTP/1.1 200") || reply.startsWith("HTTP/1.0 200");
}
} // namespace

class TstAlertsCli : public QObject
{
    Q_OBJECT
    CliEnvironment m_env;
    QString m_db;

    CliResult fw(QStringList args) const
    {
        args << QStringLiteral("--db") << m_db;
        return m_env.run(args);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_env.init());
        m_db = QStringLiteral("sqlite:") + m_env.path(QStringLiteral("alerts.sqlite"));
        Database db;
        QVERIFY(db.open(*DatabaseConfig::parse(m_db)));
        Device d;
        d.uniqueId = QStringLiteral("car");
        d.name = QStringLiteral("car");
        d.protocol = QStringLiteral("osmand");
        d.registeredAt = QDateTime::currentMSecsSinceEpoch() - kDay;
        QVERIFY(db.addDevice(d));
    }

    void geofencesAddListRemove()
    {
        CliResult r = fw({ QStringLiteral("geofences"), QStringLiteral("add"),
                           QStringLiteral("--name"), QStringLiteral("depot"),
                           QStringLiteral("--circle"), QStringLiteral("50.0,14.0,300"),
                           QStringLiteral("--speed-limit"), QStringLiteral("20") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = fw({ QStringLiteral("geofences"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("yard"), QStringLiteral("--polygon"),
                 QStringLiteral("50.1 14.1, 50.1 14.2, 50.2 14.2, 50.2 14.1") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = fw({ QStringLiteral("geofences"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("road"), QStringLiteral("--corridor"),
                 QStringLiteral("50.0 14.0, 50.0 14.5"), QStringLiteral("--width"),
                 QStringLiteral("100") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString file = m_env.writeFile(QStringLiteral("zones.geojson"), R"({"type":
            "FeatureCollection","features":[{"type":"Feature","properties":{"name":"lake"},
            "geometry":{"type":"Polygon","coordinates":[[[15,51],[15.1,51],[15.1,51.1],[15,51]]]}}]})");
        r = fw({ QStringLiteral("geofences"), QStringLiteral("import"), file });
        QVERIFY2(r.exitCode == 0, r.err.constData());

        r = fw({ QStringLiteral("geofences"), QStringLiteral("list"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list
            = QJsonDocument::fromJson(r.out).object().value(u"geofences").toArray();
        QCOMPARE(list.size(), 4);
        const QJsonObject depot = list.at(0).toObject();
        QCOMPARE(depot.value(u"name").toString(), QStringLiteral("depot"));
        QCOMPARE(depot.value(u"kind").toString(), QStringLiteral("circle"));
        QCOMPARE(depot.value(u"speedLimitKph").toDouble(), 20.0);
        QCOMPARE(depot.value(u"area").toObject().value(u"type").toString(),
                 QStringLiteral("Polygon"));
        const QJsonObject yard = list.at(1).toObject();
        QCOMPARE(yard.value(u"kind").toString(), QStringLiteral("polygon"));
        QVERIFY(yard.value(u"speedLimitKph").isNull());
        QCOMPARE(yard.value(u"area").toObject().value(u"coordinates").toArray().at(0).toArray()
                     .at(0).toArray(),
                 (QJsonArray { 14.1, 50.1 })); // GeoJSON order: lon, lat
        QCOMPARE(list.at(2).toObject().value(u"kind").toString(), QStringLiteral("corridor"));
        QCOMPARE(list.at(3).toObject().value(u"name").toString(), QStringLiteral("lake"));

        r = fw({ QStringLiteral("geofences"), QStringLiteral("remove"), QStringLiteral("lake") });
        QCOMPARE(r.exitCode, 0);
        r = fw({ QStringLiteral("geofences"), QStringLiteral("remove"), QStringLiteral("lake") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no geofence"));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const auto l = [](const char *text) {
            return QString::fromUtf8(text).split(QLatin1Char('|'));
        };
        QTest::newRow("no shape") << l("geofences|add|--name|x") << "give one of";
        QTest::newRow("bad circle") << l("geofences|add|--name|x|--circle|50,14") << "--circle";
        QTest::newRow("bad polygon") << l("geofences|add|--name|x|--polygon|50 14 3, 1")
                                     << "--polygon";
        QTest::newRow("self-crossing polygon")
            << l("geofences|add|--name|x|--polygon|50 14, 50.1 14.1, 50 14.1, 50.1 14")
            << "not valid";
        QTest::newRow("corridor without width")
            << l("geofences|add|--name|x|--corridor|50 14, 50.1 14.1") << "width";
        QTest::newRow("duplicate name") << l("geofences|add|--name|depot|--circle|1,1,5")
                                        << "exists already";
        QTest::newRow("group and devices")
            << l("geofences|add|--name|both|--circle|1,1,5|--group|g|--devices|a,b")
            << "not both";
        QTest::newRow("missing import file") << l("geofences|import|/nonexistent.kml")
                                             << "cannot read";
        QTest::newRow("unknown type") << l("rules|add|--name|r|--type|teleport") << "--type";
        QTest::newRow("unknown geofence")
            << l("rules|add|--name|r|--type|geofence-enter|--geofence|nowhere") << "no geofence";
        QTest::newRow("offline without after") << l("rules|add|--name|r|--type|offline")
                                               << "--after";
        QTest::newRow("bad target")
            << l("rules|add|--name|r|--type|ignition-on|--notify|pigeon:home") << "target";
        QTest::newRow("bad status") << l("rules|add|--name|r|--type|status|--status|sleepy")
                                    << "status id";
        QTest::newRow("ack unknown") << l("alerts|ack|999") << "no alert";
        QTest::newRow("ack not a number") << l("alerts|ack|abc") << "not an alert id";
        QTest::newRow("bad time") << l("alerts|--from|yesterday") << "ISO 8601";
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = fw(args);
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void rulesAddListRemove()
    {
        CliResult r = fw({ QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
                           QStringLiteral("fast"), QStringLiteral("--type"),
                           QStringLiteral("overspeed"), QStringLiteral("--limit"),
                           QStringLiteral("90"), QStringLiteral("--after"), QStringLiteral("30"),
                           QStringLiteral("--devices"), QStringLiteral("car"),
                           QStringLiteral("--notify"), QStringLiteral("email:ops@example.com"),
                           QStringLiteral("--notify"),
                           QStringLiteral("webhook:https://hooks.example.com/fw") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = fw({ QStringLiteral("rules"), QStringLiteral("list"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const QJsonArray rules = QJsonDocument::fromJson(r.out).object().value(u"rules").toArray();
        QCOMPARE(rules.size(), 1);
        const QJsonObject fast = rules.at(0).toObject();
        QCOMPARE(fast.value(u"type").toString(), QStringLiteral("overspeed"));
        QCOMPARE(fast.value(u"limitKph").toDouble(), 90.0);
        QCOMPARE(fast.value(u"afterS").toDouble(), 30.0);
        QCOMPARE(fast.value(u"notify").toArray(),
                 (QJsonArray { QStringLiteral("email:ops@example.com"),
                               QStringLiteral("webhook:https://hooks.example.com/fw") }));
        r = fw({ QStringLiteral("rules"), QStringLiteral("remove"), QStringLiteral("fast") });
        QCOMPARE(r.exitCode, 0);
    }

    // The whole way: a node running, a rule added beside it, positions over HTTP, the alert.
    void nodeRaisesStoresAndAcknowledges()
    {
        const quint16 port = freePort();
        NodeProcess node;
        QVERIFY2(node.start(m_env,
                            { QStringLiteral("--headless"), QStringLiteral("--db"), m_db,
                              QStringLiteral("--listen"),
                              QStringLiteral("osmand=%1").arg(port),
                              QStringLiteral("--stats-interval"), QStringLiteral("0"),
                              QStringLiteral("--alert-dwell"), QStringLiteral("0") },
                            1),
                 node.err.constData());
        CliResult r = fw({ QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
                           QStringLiteral("arrived"), QStringLiteral("--type"),
                           QStringLiteral("geofence-enter"), QStringLiteral("--geofence"),
                           QStringLiteral("depot"), QStringLiteral("--notify"),
                           QStringLiteral("window") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTest::qWait(2500); // the node reloads within its 2 s version check

        // 1.55 km north of the depot to 50 m from its centre, a report every 10 s ending now.
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        qint64 enteredAt = 0;
        for (int i = 0; i <= 10; ++i) {
            const double northM = 1550.0 - i * 150.0; // never on the 300 m boundary
            const qint64 t = now - 100 + i * 10;
            if (northM <= 300 && enteredAt == 0)
                enteredAt = t;
            QVERIFY(sendOsmAnd(port, QStringLiteral("car"), t, 50.0 + northM / 111'195.0, 14.0));
        }
        QVERIFY2(QTest::qWaitFor([&] { return node.err.contains("fleetwatch: alert"); }, 10000),
                 node.err.constData());
        node.process.terminate();
        QVERIFY(node.process.waitForFinished(30000));
        QCOMPARE(node.process.exitCode(), 0);

        r = fw({ QStringLiteral("alerts"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        QList<QJsonObject> alerts = jsonLines(r.out);
        QCOMPARE(alerts.size(), 1);
        QJsonObject a = alerts.first();
        QCOMPARE(a.value(u"rule").toString(), QStringLiteral("arrived"));
        QCOMPARE(a.value(u"type").toString(), QStringLiteral("geofence-enter"));
        QCOMPARE(a.value(u"uniqueId").toString(), QStringLiteral("car"));
        QCOMPARE(a.value(u"geofence").toString(), QStringLiteral("depot"));
        QCOMPARE(a.value(u"time").toString(), toIso(enteredAt * kSecond));
        QVERIFY(a.value(u"position").toObject().contains(u"lat"));
        QVERIFY(a.value(u"acknowledgedBy").isNull());
        const qint64 id = a.value(u"id").toInteger();
        QVERIFY(id > 0);

        r = fw({ QStringLiteral("alerts"), QStringLiteral("ack"), QString::number(id),
                 QStringLiteral("--note"), QStringLiteral("driver called") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = fw({ QStringLiteral("alerts"), QStringLiteral("--json"), QStringLiteral("--device"),
                 QStringLiteral("car"), QStringLiteral("--from"), toIso(enteredAt * kSecond) });
        alerts = jsonLines(r.out);
        QCOMPARE(alerts.size(), 1);
        a = alerts.first();
        QVERIFY(!a.value(u"acknowledgedBy").toString().isEmpty());
        QCOMPARE(a.value(u"note").toString(), QStringLiteral("driver called"));
        QVERIFY(!a.value(u"acknowledgedAt").toString().isEmpty());
        r = fw({ QStringLiteral("alerts"), QStringLiteral("--json"), QStringLiteral("--device"),
                 QStringLiteral("bus") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.trimmed().isEmpty());

        // Restarted, the node remembers the car is inside: more reports inside raise nothing.
        NodeProcess again;
        QVERIFY2(again.start(m_env,
                             { QStringLiteral("--headless"), QStringLiteral("--db"), m_db,
                               QStringLiteral("--listen"),
                               QStringLiteral("osmand=%1").arg(port),
                               QStringLiteral("--stats-interval"), QStringLiteral("0"),
                               QStringLiteral("--alert-dwell"), QStringLiteral("0") },
                             1),
                 again.err.constData());
        const qint64 later = QDateTime::currentSecsSinceEpoch();
        for (int i = 1; i <= 3; ++i)
            QVERIFY(sendOsmAnd(port, QStringLiteral("car"), later + i, 50.0 + i / 111'195.0, 14.0));
        QTest::qWait(1000);
        again.process.terminate();
        QVERIFY(again.process.waitForFinished(30000));
        QCOMPARE(again.process.exitCode(), 0);
        QVERIFY2(!again.err.contains("fleetwatch: alert"), again.err.constData());
        r = fw({ QStringLiteral("alerts"), QStringLiteral("--json") });
        QCOMPARE(jsonLines(r.out).size(), 1);
    }
    // The rule's --notify targets: the node mails the alert through the SMTP server of its
    // --config file and POSTs the contract's JSON to the webhook, once each.
    void nodeMailsAndPostsNewAlerts()
    {
        LoopbackSmtpServer smtp(false);
        QVERIFY(smtp.isListening());
        QList<HttpRequest> posts;
        LoopbackHttpServer hook([&posts](const HttpRequest &request) {
            posts.append(request);
            return HttpResponse {};
        });
        QVERIFY(hook.isListening());
        CliResult r = fw({ QStringLiteral("geofences"), QStringLiteral("add"),
                           QStringLiteral("--name"), QStringLiteral("gate"),
                           QStringLiteral("--circle"), QStringLiteral("51.0,15.0,300") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = fw({ QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("--name"),
                 QStringLiteral("at-gate"), QStringLiteral("--type"),
                 QStringLiteral("geofence-enter"), QStringLiteral("--geofence"),
                 QStringLiteral("gate"), QStringLiteral("--notify"),
                 QStringLiteral("email:ops@example.org"), QStringLiteral("--notify"),
                 QStringLiteral("webhook:") + hook.url(QStringLiteral("/fleet?token=s3cret")) });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString ini = m_env.writeFile(
            QStringLiteral("node.ini"),
            QStringLiteral("[smtp]\nhost=127.0.0.1\nport=%1\nstarttls=false\n"
                           "from=fleetwatch@example.org\n")
                .arg(smtp.port())
                .toUtf8());

        const quint16 port = freePort();
        NodeProcess node;
        QVERIFY2(node.start(m_env,
                            { QStringLiteral("--headless"), QStringLiteral("--config"), ini,
                              QStringLiteral("--db"), m_db, QStringLiteral("--listen"),
                              QStringLiteral("osmand=%1").arg(port),
                              QStringLiteral("--register-unknown"),
                              QStringLiteral("--stats-interval"), QStringLiteral("0"),
                              QStringLiteral("--alert-dwell"), QStringLiteral("0") },
                            1),
                 node.err.constData());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (int i = 0; i <= 10; ++i) {
            const double northM = 1550.0 - i * 150.0;
            QVERIFY(sendOsmAnd(port, QStringLiteral("truck"), now - 100 + i * 10,
                               51.0 + northM / 111'195.0, 15.0));
        }
        QElapsedTimer sinceLast;
        sinceLast.start();
        qint64 postedMs = -1, mailedMs = -1;
        QVERIFY2(QTest::qWaitFor([&] {
                     if (postedMs < 0 && !posts.isEmpty())
                         postedMs = sinceLast.elapsed();
                     if (mailedMs < 0 && !smtp.mails.isEmpty())
                         mailedMs = sinceLast.elapsed();
                     return postedMs >= 0 && mailedMs >= 0;
                 }, 15000),
                 node.err.constData());
        // From the last report's answer: the node's alert flush (200 ms) plus delivery.
        qInfo("webhook POST %lld ms, mail %lld ms after the last report", postedMs, mailedMs);
        QTest::qWait(500); // nothing more arrives
        node.process.terminate();
        QVERIFY(node.process.waitForFinished(30000));
        QCOMPARE(node.process.exitCode(), 0);

        QCOMPARE(posts.size(), 1);
        const HttpRequest &post = posts.first();
        QCOMPARE(post.method, QByteArray("POST"));
        QCOMPARE(post.target, QByteArray("/fleet?token=s3cret"));
        QVERIFY(post.headers.value("content-type").startsWith("application/json"));
        const QJsonObject alert = QJsonDocument::fromJson(post.body).object();
        QCOMPARE(alert.value(u"rule").toString(), QStringLiteral("at-gate"));
        QCOMPARE(alert.value(u"type").toString(), QStringLiteral("geofence-enter"));
        QCOMPARE(alert.value(u"uniqueId").toString(), QStringLiteral("truck"));
        QCOMPARE(alert.value(u"geofence").toString(), QStringLiteral("gate"));
        QVERIFY(alert.value(u"id").toInteger() > 0);
        QVERIFY(alert.value(u"acknowledgedBy").isNull());
        // The same alert as `alerts --json` shows.
        r = fw({ QStringLiteral("alerts"), QStringLiteral("--json"), QStringLiteral("--device"),
                 QStringLiteral("truck") });
        const QList<QJsonObject> stored = jsonLines(r.out);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().value(u"id").toInteger(), alert.value(u"id").toInteger());

        QCOMPARE(smtp.mails.size(), 1);
        const ReceivedMail &mail = smtp.mails.first();
        QCOMPARE(mail.mailFrom, QByteArray("fleetwatch@example.org"));
        QCOMPARE(mail.recipients, QList<QByteArray> { "ops@example.org" });
        QVERIFY2(mail.data.contains("Subject:"), mail.data.constData());
        QVERIFY2(mail.data.contains("truck"), mail.data.constData());
        QVERIFY2(mail.data.contains("gate"), mail.data.constData());
        // The webhook's token never reaches the node's log.
        QVERIFY2(!node.err.contains("s3cret"), node.err.constData());
    }
};

FW_TEST_CLASS(TstAlertsCli)
#include "tst_alerts_cli.moc"
