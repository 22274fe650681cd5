// The words and bytes of alert notifications without any server: the targets a rule may name,
// the subject and body a person reads, and the RFC 5322 message (Date, Message-ID, MIME UTF-8,
// quoted-printable, encoded subject, no header injection); and the bounded delivery queue.
#include "TestMain.h"

#include "notify/AlertText.h"
#include "notify/DeliveryQueue.h"
#include "notify/MailMessage.h"
#include "notify/NotificationTarget.h"

#include <QJsonDocument>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <thread>

using namespace fw;

namespace {
QJsonObject sampleAlert()
{
    return QJsonDocument::fromJson(
               R"({"id":42,"rule":"depot watch","type":"geofence-enter","uniqueId":"truck-7",
                   "time":"2026-12-07T06:30:00Z","text":"truck-7 entered Depot",
                   "geofence":"Depot","position":{"lat":52.229676,"lon":21.012229},
                   "acknowledgedBy":null})")
        .object();
}

// Undoes quoted-printable (soft breaks and =XX), enough for the assertions here.
QString decodeQuotedPrintable(const QByteArray &qp)
{
    QByteArray out;
    for (qsizetype i = 0; i < qp.size(); ++i) {
        if (qp.at(i) == '=' && qp.mid(i + 1, 2) == "\r\n") {
            i += 2;
        } else if (qp.at(i) == '=' && i + 2 < qp.size()) {
            out += QByteArray::fromHex(qp.mid(i + 1, 2));
            i += 2;
        } else {
            out += qp.at(i);
        }
    }
    return QString::fromUtf8(out).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
}
} // namespace

class TstMailMessage : public QObject
{
    Q_OBJECT
private slots:
    void targets_data();
    void targets();
    void webhookTokensStayOutOfLogs();
    void subjectAndBodyNameTheAlert();
    void messageHasRfc5322Headers();
    void nonAsciiSubjectAndBodyAreEncoded();
    void headerValuesCannotInjectHeaders();
    void queueDropsOldestWhenFull();
    void retriesWaitWithoutBlockingFreshJobs();
    void oneJobPerDestinationAtATime();
};

void TstMailMessage::targets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("address");
    using K = NotificationTarget::Kind;
    QTest::newRow("window") << "window" << int(K::Window) << "";
    QTest::newRow("email") << "email:ops@example.org" << int(K::Email) << "ops@example.org";
    QTest::newRow("webhook") << "webhook:https://hooks.example.org/fw?k=1" << int(K::Webhook)
                             << "https://hooks.example.org/fw?k=1";
    QTest::newRow("email without @") << "email:ops" << int(K::Invalid) << "";
    QTest::newRow("email with header") << "email:a@b.org\r\nBcc: x@y.org" << int(K::Invalid)
                                       << "";
    QTest::newRow("webhook ftp") << "webhook:ftp://example.org/x" << int(K::Invalid) << "";
    QTest::newRow("webhook no host") << "webhook:http://" << int(K::Invalid) << "";
    QTest::newRow("unknown") << "sms:+4917012345" << int(K::Invalid) << "";
}

void TstMailMessage::targets()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QString, address);
    const NotificationTarget target = NotificationTarget::parse(text);
    QCOMPARE(int(target.kind), kind);
    QCOMPARE(target.address, address);
    if (target.isValid())
        QCOMPARE(target.toString(), text);
}

void TstMailMessage::webhookTokensStayOutOfLogs()
{
    QCOMPARE(NotificationTarget::redacted(
                 QStringLiteral("webhook:https://bot:pw@hooks.example.org/fw/T1?token=abc#x")),
             QStringLiteral("webhook:https://hooks.example.org/fw/T1?\u2026"));
    QCOMPARE(NotificationTarget::redacted(QStringLiteral("http://127.0.0.1:8080/hook")),
             QStringLiteral("http://127.0.0.1:8080/hook"));
    QCOMPARE(NotificationTarget::redacted(QStringLiteral("email:ops@example.org")),
             QStringLiteral("email:ops@example.org"));
    QCOMPARE(NotificationTarget::redacted(QStringLiteral("window")), QStringLiteral("window"));
}

void TstMailMessage::subjectAndBodyNameTheAlert()
{
    const QJsonObject alert = sampleAlert();
    QCOMPARE(AlertText::subject(alert),
             QStringLiteral("[FleetWatch] truck-7: Geofence entered (Depot)"));
    const QString body = AlertText::body(alert);
    QVERIFY2(body.contains(QStringLiteral("What happened: truck-7 entered Depot")),
             qPrintable(body));
    QVERIFY(body.contains(QStringLiteral("Rule: depot watch (Geofence entered)")));
    QVERIFY(body.contains(QStringLiteral("Geofence: Depot")));
    QVERIFY(body.contains(QStringLiteral("2026-12-07T06:30:00Z")));
    QVERIFY(body.contains(QStringLiteral("Position: 52.229676, 21.012229")));
    QVERIFY(body.contains(QStringLiteral("Alert number: 42")));

    QJsonObject overspeed = alert;
    overspeed.insert(QStringLiteral("type"), QStringLiteral("overspeed"));
    overspeed.remove(QStringLiteral("geofence"));
    QCOMPARE(AlertText::subject(overspeed), QStringLiteral("[FleetWatch] truck-7: Overspeed"));
    QVERIFY(!AlertText::body(overspeed).contains(QStringLiteral("Geofence:")));
}

void TstMailMessage::messageHasRfc5322Headers()
{
    MailMessage mail;
    mail.from = QStringLiteral("fleetwatch@example.org");
    mail.to = { QStringLiteral("ops@example.org"), QStringLiteral("boss@example.org") };
    mail.subject = QStringLiteral("Hello");
    mail.body = QStringLiteral("line one\nline two\n");
    mail.date = utcTime(2026, 12, 7, 6, 36, 10);
    const QByteArray bytes = mail.toBytes();
    const qsizetype split = bytes.indexOf("\r\n\r\n");
    QVERIFY(split > 0);
    const QByteArray head = bytes.left(split + 2);
    QVERIFY2(head.contains("Date: Mon, 07 Dec 2026 06:36:10 +0000\r\n"), head.constData());
    QVERIFY(head.contains("From: fleetwatch@example.org\r\n"));
    QVERIFY(head.contains("To: ops@example.org, boss@example.org\r\n"));
    QVERIFY(head.contains("Subject: Hello\r\n"));
    QVERIFY(head.contains("MIME-Version: 1.0\r\n"));
    QVERIFY(head.contains("Content-Type: text/plain; charset=UTF-8\r\n"));
    QVERIFY(head.contains("Content-Transfer-Encoding: quoted-printable\r\n"));
    const QRegularExpression messageId(
        QStringLiteral("Message-ID: <[0-9a-f-]{36}@example\\.org>\r\n"));
    QVERIFY2(messageId.match(QString::fromLatin1(head)).hasMatch(), head.constData());
    QCOMPARE(bytes.mid(split + 4), QByteArray("line one\r\nline two\r\n"));
    // Every line is CRLF-terminated and short (RFC 5322: at most 998, we keep 78).
    for (const QByteArray &line : bytes.split('\n'))
        QVERIFY(line.size() <= 78 || line.startsWith("Message-ID"));
    // Two messages never share an id.
    const qsizetype idAt = head.indexOf("Message-ID");
    QVERIFY(mail.toBytes().mid(idAt, 60) != head.mid(idAt, 60));
}

void TstMailMessage::nonAsciiSubjectAndBodyAreEncoded()
{
    MailMessage mail;
    mail.from = QStringLiteral("fw@example.org");
    mail.to = { QStringLiteral("ops@example.org") };
    mail.subject = QStringLiteral("Грузовик 7 въехал в зону «Склад» – Überprüfung nötig, "
                                  "bitte sofort ansehen");
    const QString body = QStringLiteral("Позиция: 55.75, 37.61 = центр\n")
        + QString(120, QLatin1Char('x')) + QStringLiteral(" \n");
    mail.body = body;
    const QByteArray bytes = mail.toBytes();
    for (const char c : bytes)
        QVERIFY2(static_cast<unsigned char>(c) < 0x80, "the message must be 7-bit");
    const qsizetype split = bytes.indexOf("\r\n\r\n");
    const QByteArray head = bytes.left(split);
    QVERIFY(head.contains("Subject: =?UTF-8?B?"));
    // Decode the folded encoded words and compare with the subject.
    const qsizetype start = head.indexOf("Subject: ") + 9;
    const qsizetype end = head.indexOf("\r\nMessage-ID");
    QByteArray decoded;
    for (QByteArray word : head.mid(start, end - start).split('\n')) {
        word = word.trimmed();
        QVERIFY2(word.startsWith("=?UTF-8?B?") && word.endsWith("?="), word.constData());
        decoded += QByteArray::fromBase64(word.mid(10, word.size() - 12));
    }
    QCOMPARE(QString::fromUtf8(decoded), mail.subject);
    QCOMPARE(decodeQuotedPrintable(bytes.mid(split + 4)), body);
    for (const QByteArray &line : bytes.mid(split + 4).split('\n'))
        QVERIFY(line.size() <= 77); // 76 plus the CR
}

void TstMailMessage::headerValuesCannotInjectHeaders()
{
    MailMessage mail;
    mail.from = QStringLiteral("fw@example.org");
    mail.to = { QStringLiteral("ops@example.org") };
    mail.subject = QStringLiteral("alert\r\nBcc: everyone@example.org");
    const QByteArray bytes = mail.toBytes();
    QVERIFY(!bytes.contains("\r\nBcc:"));
    QVERIFY(bytes.contains("Subject: alert  Bcc: everyone@example.org\r\n"));
}

void TstMailMessage::queueDropsOldestWhenFull()
{
    DeliveryQueue queue(3);
    QList<quint64> dropped;
    for (quint64 id = 1; id <= 5; ++id) {
        DeliveryJob job;
        job.id = id;
        if (const auto out = queue.push(job))
            dropped.append(out->id);
    }
    QCOMPARE(dropped, (QList<quint64> { 1, 2 }));
    QCOMPARE(queue.size(), 3);
    for (quint64 id = 3; id <= 5; ++id) {
        const std::optional<DeliveryJob> job = queue.pop();
        QCOMPARE(job->id, id);
        queue.done(*job); // all go to one destination: one at a time
    }
    QCOMPARE(queue.size(), 0);
    DeliveryJob late;
    late.id = 6;
    QCOMPARE(queue.close(), 0);
    QVERIFY(!queue.pop()); // closed: nothing more, and no waiting
    QCOMPARE(queue.push(late)->id, 6u); // refused after close: handed back to be counted
}

void TstMailMessage::retriesWaitWithoutBlockingFreshJobs()
{
    DeliveryQueue queue(10);
    DeliveryJob retry;
    retry.id = 1;
    const auto now = std::chrono::steady_clock::now();
    QVERIFY(!queue.pushRetry(retry, now + std::chrono::milliseconds(150)));
    DeliveryJob fresh;
    fresh.id = 2;
    QVERIFY(!queue.push(fresh));
    QElapsedTimer timer;
    timer.start();
    const std::optional<DeliveryJob> first = queue.pop();
    QCOMPARE(first->id, 2u); // at once, although the retry was queued first
    QVERIFY(timer.elapsed() < 100);
    queue.done(*first);
    QCOMPARE(queue.pop()->id, 1u); // waits for its time
    QVERIFY2(timer.elapsed() >= 140, qPrintable(QString::number(timer.elapsed())));
}

void TstMailMessage::oneJobPerDestinationAtATime()
{
    DeliveryQueue queue(10);
    const auto job = [](quint64 id, const char *destination) {
        DeliveryJob j;
        j.id = id;
        j.destination = QString::fromLatin1(destination);
        return j;
    };
    queue.push(job(1, "http://a:80"));
    queue.push(job(2, "http://a:80"));
    queue.push(job(3, "http://b:80"));
    const std::optional<DeliveryJob> first = queue.pop();
    QCOMPARE(first->id, 1u);
    QCOMPARE(queue.pop()->id, 3u); // a's next waits while a has a job out
    std::optional<DeliveryJob> next;
    std::thread worker([&] { next = queue.pop(); }); // blocks: only a's job is left
    QTest::qWait(50);
    QVERIFY(!next);
    queue.done(*first);
    worker.join();
    QCOMPARE(next->id, 2u);
}

FW_TEST_CLASS(TstMailMessage)
#include "tst_mailmessage.moc"
