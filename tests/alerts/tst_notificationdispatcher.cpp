// Alert delivery end to end on loopback: a mail to an SMTP server the test runs (envelope, login
// from the secret store, subject, body and headers as received; over STARTTLS with a
// certificate made for the test; never in clear text when STARTTLS is required), a webhook POST
// of the alert JSON to an HTTP server the test runs, retries with backoff against a server that
// fails twice, a final failure on 404, and a hanging webhook that must neither slow enqueue()
// nor grow the queue without bound nor hold up another webhook server nor stop shutdown().
#include "TestMain.h"

#include "LoopbackHttpServer.h"
#include "LoopbackSmtpServer.h"
#include "notify/AlertText.h"
#include "notify/NotificationDispatcher.h"
#include "util/Clock.h"
#include "util/SecretStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fw;
using namespace fw::test;

namespace {
constexpr TimeMs kNow = utcTime(2026, 12, 7, 6, 36, 10);

QJsonObject alert(int id)
{
    QJsonObject a = QJsonDocument::fromJson(
                        R"({"rule":"depot watch","type":"geofence-enter","uniqueId":"truck-7",
                            "time":"2026-12-07T06:30:00Z","text":"truck-7 entered Depot",
                            "geofence":"Depot","position":{"lat":52.229676,"lon":21.012229},
                            "acknowledgedBy":null})")
                        .object();
    a.insert(QStringLiteral("id"), id);
    return a;
}

// Fast retries for tests: 50 ms, 100 ms, ...
DispatcherConfig fastConfig()
{
    DispatcherConfig c;
    c.retry.initialBackoffMs = 50;
    c.retry.maxBackoffMs = 400;
    c.retry.maxAttempts = 4;
    c.webhook.timeoutMs = 5000;
    c.smtp.timeoutMs = 5000;
    return c;
}

DispatcherConfig smtpConfig(quint16 port, bool startTls)
{
    DispatcherConfig config = fastConfig();
    config.smtp.host = QStringLiteral("127.0.0.1");
    config.smtp.port = port;
    config.smtp.user = QStringLiteral("fleetwatch");
    config.smtp.startTls = startTls;
    config.smtp.from = QStringLiteral("fleetwatch@example.org");
    return config;
}

QString webhook(const LoopbackHttpServer &server, const QString &path)
{
    return QStringLiteral("webhook:") + server.url(path);
}
} // namespace

class TstNotificationDispatcher : public QObject
{
    Q_OBJECT
private slots:
    void mailReachesSmtpServer();
    void mailGoesOverStartTls();
    void mailNeverInClearWhenStartTlsIsRequired();
    void mailToDeadServerFailsAfterRetries();
    void webhookPostsAlertJson();
    void webhookRetriesUntilServerRecovers();
    void webhookGivesUpOnClientError();
    void hangingWebhookNeverBlocksEnqueue();
};

void TstNotificationDispatcher::mailReachesSmtpServer()
{
    LoopbackSmtpServer smtp;
    QVERIFY(smtp.isListening());
    ManualClock clock(kNow);
    MemorySecretStore secrets;
    secrets.write(kSmtpPasswordKey, QStringLiteral("s3cret"), nullptr, {});
    // The test server offers no STARTTLS.
    NotificationDispatcher dispatcher(smtpConfig(smtp.port(), false), &clock, &secrets);
    QSignalSpy delivered(&dispatcher, &NotificationDispatcher::delivered);
    QSignalSpy window(&dispatcher, &NotificationDispatcher::windowAlert);
    dispatcher.start();

    const QJsonObject a = alert(42);
    QCOMPARE(dispatcher.enqueue(a, { QStringLiteral("email:ops@example.org"),
                                     QStringLiteral("window") }),
             2);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 10000);
    QCOMPARE(delivered.at(0).at(1).toString(), QStringLiteral("email:ops@example.org"));
    QCOMPARE(delivered.at(0).at(2).toInt(), 1);
    QCOMPARE(window.size(), 1);
    QCOMPARE(window.at(0).at(0).toJsonObject(), a);

    QCOMPARE(smtp.mails.size(), 1);
    const ReceivedMail &mail = smtp.mails.at(0);
    QCOMPARE(mail.mailFrom, QByteArray("fleetwatch@example.org"));
    QCOMPARE(mail.recipients, QList<QByteArray> { "ops@example.org" });
    QCOMPARE(mail.authPlain, QByteArray("\0fleetwatch\0s3cret", 18)); // from the secret store
    const QByteArray head = mail.data.left(mail.data.indexOf("\r\n\r\n") + 2);
    const QByteArray body = mail.data.mid(head.size() + 2);
    QVERIFY2(head.contains("Subject: [FleetWatch] truck-7: Geofence entered (Depot)\r\n"),
             head.constData());
    QVERIFY(head.contains("Date: Mon, 07 Dec 2026 06:36:10 +0000\r\n")); // the injected clock
    QVERIFY(head.contains("From: fleetwatch@example.org\r\n"));
    QVERIFY(head.contains("To: ops@example.org\r\n"));
    QVERIFY(head.contains("Message-ID: <"));
    QVERIFY(head.contains("Content-Type: text/plain; charset=UTF-8\r\n"));
    QVERIFY2(body.contains("What happened: truck-7 entered Depot\r\n"), body.constData());
    QVERIFY(body.contains("Geofence: Depot\r\n"));
    QVERIFY(body.contains("Position: 52.229676, 21.012229\r\n"));
    QVERIFY(body.contains("Alert number: 42\r\n"));

    const NotificationStats s = dispatcher.stats();
    QCOMPARE(s.enqueued, 2u);
    QCOMPARE(s.sent, 2u);
    QCOMPARE(s.failed, 0u);
    QCOMPARE(s.queued, 0);
}

void TstNotificationDispatcher::mailGoesOverStartTls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    // A certificate for 127.0.0.1, made for this test with the openssl command.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString certFile = dir.filePath(QStringLiteral("cert.pem"));
    const QString keyFile = dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                    QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                    QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                    QStringLiteral("-keyout"), keyFile, QStringLiteral("-out"), certFile });
    if (!openssl.waitForStarted(5000))
        QSKIP("no openssl command to make a test certificate");
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);
    QFile cert(certFile);
    QFile key(keyFile);
    QVERIFY(cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
    LoopbackSmtpServer smtp(QSslCertificate(&cert), QSslKey(&key, QSsl::Rsa));
    QVERIFY(smtp.isListening());

    ManualClock clock(kNow);
    MemorySecretStore secrets;
    secrets.write(kSmtpPasswordKey, QStringLiteral("s3cret"), nullptr, {});
    DispatcherConfig config = smtpConfig(smtp.port(), true);
    config.smtp.caFile = certFile; // trust the test's own certificate, and only it
    NotificationDispatcher dispatcher(config, &clock, &secrets);
    QSignalSpy delivered(&dispatcher, &NotificationDispatcher::delivered);
    QSignalSpy failed(&dispatcher, &NotificationDispatcher::failed);
    dispatcher.start();
    dispatcher.enqueue(alert(43), { QStringLiteral("email:ops@example.org") });
    QTRY_VERIFY_WITH_TIMEOUT(delivered.size() + failed.size() == 1, 10000);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty() ? QString() : failed.at(0).at(2).toString()));
    QVERIFY2(smtp.commands.contains("STARTTLS"), smtp.commands.join('|').constData());
    QCOMPARE(smtp.mails.size(), 1);
    QVERIFY(smtp.mails.at(0).encrypted);
    QCOMPARE(smtp.mails.at(0).authPlain, QByteArray("\0fleetwatch\0s3cret", 18));
    QVERIFY(smtp.mails.at(0).data.contains("Subject: [FleetWatch] truck-7: Geofence entered"));
}

void TstNotificationDispatcher::mailNeverInClearWhenStartTlsIsRequired()
{
    LoopbackSmtpServer smtp; // offers no STARTTLS
    ManualClock clock(kNow);
    MemorySecretStore secrets;
    secrets.write(kSmtpPasswordKey, QStringLiteral("s3cret"), nullptr, {});
    NotificationDispatcher dispatcher(smtpConfig(smtp.port(), true), &clock, &secrets);
    QSignalSpy failed(&dispatcher, &NotificationDispatcher::failed);
    dispatcher.start();
    dispatcher.enqueue(alert(44), { QStringLiteral("email:ops@example.org") });
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY2(failed.at(0).at(2).toString().contains(QStringLiteral("offers no STARTTLS")),
             qPrintable(failed.at(0).at(2).toString()));
    QCOMPARE(smtp.mails.size(), 0);
    for (const QByteArray &command : smtp.commands) // no login, no envelope in clear text
        QVERIFY2(!command.startsWith("AUTH") && !command.startsWith("MAIL"), command.constData());
    QCOMPARE(dispatcher.stats().retried, 0u); // a server without TLS will not grow it
}

void TstNotificationDispatcher::mailToDeadServerFailsAfterRetries()
{
    QTcpServer probe; // a port nobody listens on once the probe is closed
    probe.listen(QHostAddress(QStringLiteral("127.0.0.1")), 0);
    const quint16 deadPort = probe.serverPort();
    probe.close();
    ManualClock clock(kNow);
    DispatcherConfig config = fastConfig();
    config.retry.maxAttempts = 3;
    config.smtp.host = QStringLiteral("127.0.0.1");
    config.smtp.port = deadPort;
    config.smtp.startTls = false;
    config.smtp.from = QStringLiteral("fleetwatch@example.org");
    NotificationDispatcher dispatcher(config, &clock, nullptr);
    QSignalSpy failed(&dispatcher, &NotificationDispatcher::failed);
    dispatcher.start();
    dispatcher.enqueue(alert(1), { QStringLiteral("email:ops@example.org") });
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY2(!failed.at(0).at(2).toString().isEmpty(), "the failure says why");
    const NotificationStats s = dispatcher.stats();
    QCOMPARE(s.retried, 2u);
    QCOMPARE(s.failed, 1u);
    QCOMPARE(s.sent, 0u);
}

void TstNotificationDispatcher::webhookPostsAlertJson()
{
    LoopbackHttpServer server([](const HttpRequest &) { return HttpResponse {}; });
    QVERIFY(server.isListening());
    ManualClock clock(kNow);
    NotificationDispatcher dispatcher(fastConfig(), &clock, nullptr);
    QSignalSpy delivered(&dispatcher, &NotificationDispatcher::delivered);
    dispatcher.start();
    const QJsonObject a = alert(7);
    QCOMPARE(dispatcher.enqueue(a, { webhook(server, QStringLiteral("/hooks/fw?token=abc")) }), 1);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 10000);
    QCOMPARE(server.requests.size(), 1);
    const HttpRequest &r = server.requests.at(0);
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.target, QByteArray("/hooks/fw?token=abc"));
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    QVERIFY2(r.headers.value("user-agent").startsWith("FleetWatch/"),
             r.headers.value("user-agent").constData());
    QJsonParseError error;
    const QJsonDocument body = QJsonDocument::fromJson(r.body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(body.object(), a);
    QVERIFY(body.object().value(QStringLiteral("acknowledgedBy")).isNull());
    QCOMPARE(dispatcher.stats().sent, 1u);
}

void TstNotificationDispatcher::webhookRetriesUntilServerRecovers()
{
    int calls = 0;
    LoopbackHttpServer server([&calls](const HttpRequest &) {
        HttpResponse response;
        response.status = ++calls <= 2 ? 503 : 200;
        return response;
    });
    ManualClock clock(kNow);
    NotificationDispatcher dispatcher(fastConfig(), &clock, nullptr);
    QSignalSpy delivered(&dispatcher, &NotificationDispatcher::delivered);
    QSignalSpy failed(&dispatcher, &NotificationDispatcher::failed);
    dispatcher.start();
    QElapsedTimer timer;
    timer.start();
    dispatcher.enqueue(alert(8), { webhook(server, QStringLiteral("/flaky")) });
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 10000);
    const qint64 took = timer.elapsed();
    QCOMPARE(server.requests.size(), 3);
    QCOMPARE(delivered.at(0).at(2).toInt(), 3); // attempts
    QCOMPARE(failed.size(), 0);
    // Backoff 50 ms then 100 ms (+ up to 25%): the retries did wait.
    QVERIFY2(took >= 150, qPrintable(QString::number(took)));
    qInfo("webhook delivered on the 3rd attempt after %lld ms (backoff 50 + 100 ms)", took);
    for (const HttpRequest &r : server.requests)
        QCOMPARE(QJsonDocument::fromJson(r.body).object(), alert(8)); // same body each time
    const NotificationStats s = dispatcher.stats();
    QCOMPARE(s.retried, 2u);
    QCOMPARE(s.sent, 1u);
    QCOMPARE(s.failed, 0u);
}

void TstNotificationDispatcher::webhookGivesUpOnClientError()
{
    LoopbackHttpServer server([](const HttpRequest &) {
        HttpResponse response;
        response.status = 404;
        return response;
    });
    ManualClock clock(kNow);
    NotificationDispatcher dispatcher(fastConfig(), &clock, nullptr);
    QSignalSpy failed(&dispatcher, &NotificationDispatcher::failed);
    dispatcher.start();
    QCOMPARE(dispatcher.enqueue(alert(9), { webhook(server, QStringLiteral("/gone?key=SECRET")),
                                            QStringLiteral("email:not-an-address") }),
             1);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 10000);
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("email:not-an-address")); // at once
    const QString error = failed.at(1).at(2).toString();
    QVERIFY2(error.contains(QStringLiteral("404")), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("SECRET")), qPrintable(error)); // tokens stay out
    QCOMPARE(server.requests.value(0).target, QByteArray("/gone?key=SECRET")); // but were sent
    QTest::qWait(200); // no retry comes
    QCOMPARE(server.requests.size(), 1);
    const NotificationStats s = dispatcher.stats();
    QCOMPARE(s.retried, 0u);
    QCOMPARE(s.failed, 2u); // the 404 and the invalid target
}

void TstNotificationDispatcher::hangingWebhookNeverBlocksEnqueue()
{
    LoopbackHttpServer server([](const HttpRequest &) {
        HttpResponse response;
        response.hang = true;
        return response;
    });
    ManualClock clock(kNow);
    DispatcherConfig config = fastConfig();
    config.webhookQueueCapacity = 100;
    config.webhookWorkers = 2;
    config.webhook.timeoutMs = 60000; // hangs far longer than the test runs
    NotificationDispatcher dispatcher(config, &clock, nullptr);
    dispatcher.start();
    const QStringList targets { webhook(server, QStringLiteral("/hang")) };
    const QJsonObject a = alert(1);
    dispatcher.enqueue(a, targets);
    QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 1, 5000); // a worker is stuck now

    constexpr int kAlerts = 10000;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kAlerts; ++i)
        dispatcher.enqueue(a, targets);
    const qint64 ns = timer.nsecsElapsed();
    qInfo("enqueued %d alerts while the webhook hangs in %.2f ms (%.2f us each)", kAlerts,
          double(ns) / 1e6, double(ns) / 1e3 / kAlerts);
    QVERIFY2(ns < 1'000'000'000, "enqueue must not wait for the hanging webhook");

    NotificationStats s = dispatcher.stats();
    QCOMPARE(s.enqueued, quint64(kAlerts + 1));
    QCOMPARE(s.queued, 100); // bounded
    // Everything not in the queue or in the hanging worker's hands was dropped, and counted.
    QCOMPARE(s.dropped, quint64(kAlerts + 1 - 100 - 1));
    QCOMPARE(s.sent, 0u);

    // One job per server at a time: the other worker is free for another webhook server.
    LoopbackHttpServer healthy([](const HttpRequest &) { return HttpResponse {}; });
    QSignalSpy delivered(&dispatcher, &NotificationDispatcher::delivered);
    timer.restart();
    dispatcher.enqueue(alert(2), { webhook(healthy, QStringLiteral("/ok")) });
    QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 5000);
    qInfo("another webhook server was served in %lld ms while the first one hangs",
          timer.elapsed());
    QCOMPARE(healthy.requests.size(), 1);
    QCOMPARE(server.requests.size(), 1); // still only the one hanging request
    s = dispatcher.stats();
    QCOMPARE(s.queued, 99); // the healthy job pushed out one more hanging one
    QCOMPARE(s.dropped, quint64(kAlerts + 1 - 100 - 1 + 1));

    timer.restart();
    dispatcher.shutdown(0);
    const qint64 shutdownMs = timer.elapsed();
    qInfo("shutdown with a hanging webhook post took %lld ms", shutdownMs);
    QVERIFY2(shutdownMs < 3000, qPrintable(QString::number(shutdownMs)));
    s = dispatcher.stats();
    QCOMPARE(s.queued, 0);
    QCOMPARE(s.dropped, quint64(kAlerts + 1 - 1)); // the 99 left in the queue count too
    QCOMPARE(s.failed, 1u); // the aborted post
    QCOMPARE(s.sent, 1u);
}

FW_TEST_CLASS(TstNotificationDispatcher)
#include "tst_notificationdispatcher.moc"
