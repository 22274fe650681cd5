// SMS senders: the HTTP gateway against a QTcpServer on 127.0.0.1 started here, the modem
// against a fake QIODevice that answers AT commands; and that passwords never leak into errors.

#include "TestMain.h"

#include "commands/SmsSender.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace fw;

namespace {

// One-shot HTTP server: records the request, answers with a fixed status and body.
class TinyHttpServer : public QObject
{
public:
    explicit TinyHttpServer(int status, QByteArray body = "OK")
        : m_status(status)
        , m_body(std::move(body))
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *s = m_server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, this, [this, s] {
                request += s->readAll();
                const qsizetype headerEnd = request.indexOf("\r\n\r\n");
                if (headerEnd < 0)
                    return;
                const qsizetype lengthAt = request.toLower().indexOf("content-length:");
                if (lengthAt >= 0) {
                    const qsizetype eol = request.indexOf("\r\n", lengthAt);
                    const int length = request.mid(lengthAt + 15, eol - lengthAt - 15)
                                           .trimmed()
                                           .toInt();
                    if (request.size() < headerEnd + 4 + length)
                        return;
                }
                const QByteArray reason = m_status == 200 ? "OK" : "Error";
                s->write("HTTP/1.1 " + QByteArray::number(m_status) + ' ' + reason
                         + "\r\nContent-Length: " + QByteArray::number(m_body.size())
                         + "\r\nConnection: close\r\n\r\n" + m_body);
                s->disconnectFromHost();
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    QByteArray requestLine() const { return request.left(request.indexOf("\r\n")); }
    QByteArray body() const { return request.mid(request.indexOf("\r\n\r\n") + 4); }

    QByteArray request;

private:
    QTcpServer m_server;
    int m_status;
    QByteArray m_body;
};

// A GSM modem in a box: answers AT, AT+CMGF=1, AT+CMGS="..." with the prompt, then +CMGS/OK
// after Ctrl-Z. Behaviour switches simulate an error, silence and command echo.
class FakeModem : public QIODevice
{
public:
    enum Mode { Normal, RejectBody, Silent, Echo };
    explicit FakeModem(Mode mode = Normal)
        : m_mode(mode)
    {
        open(QIODevice::ReadWrite);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_out.size() + QIODevice::bytesAvailable(); }

    QByteArray written;

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = std::min<qint64>(max, m_out.size());
        memcpy(data, m_out.constData(), size_t(n));
        m_out.remove(0, n);
        return n;
    }
    qint64 writeData(const char *data, qint64 len) override
    {
        const QByteArray bytes(data, len);
        written += bytes;
        m_in += bytes;
        process();
        return len;
    }

private:
    void answer(const QByteArray &bytes)
    {
        if (m_mode == Silent)
            return;
        m_out += bytes;
        QTimer::singleShot(1, this, [this] { emit readyRead(); });
    }
    void process()
    {
        for (;;) {
            if (m_inBody) {
                const qsizetype z = m_in.indexOf('\x1a');
                if (z < 0)
                    return;
                m_in.remove(0, z + 1);
                m_inBody = false;
                if (m_mode == Echo)
                    answer("hello\r\n");
                answer(m_mode == RejectBody ? QByteArray("\r\n+CMS ERROR: 500\r\n")
                                            : QByteArray("\r\n+CMGS: 42\r\n\r\nOK\r\n"));
                continue;
            }
            const qsizetype cr = m_in.indexOf('\r');
            if (cr < 0)
                return;
            const QByteArray cmd = m_in.left(cr);
            m_in.remove(0, cr + 1);
            if (m_mode == Echo)
                answer(cmd + "\r\n");
            if (cmd.startsWith("AT+CMGS=")) {
                m_inBody = true;
                answer("\r\n> ");
            } else if (cmd == "AT" || cmd == "AT+CMGF=1") {
                answer("\r\nOK\r\n");
            } else if (cmd == "\x1b") {
                // cancel: nothing
            } else {
                answer("\r\nERROR\r\n");
            }
        }
    }

    Mode m_mode;
    QByteArray m_in;
    QByteArray m_out;
    bool m_inBody = false;
};

} // namespace

class TestSmsSender : public QObject
{
    Q_OBJECT

private slots:
    void redact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("secrets");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "CONNECT,PWD=1234#"
                               << QStringList { QStringLiteral("1234") }
                               << "CONNECT,PWD=***#";
        QTest::newRow("encoded") << "text=pw%2Ba%20b" << QStringList { QStringLiteral("pw+a b") }
                                 << "text=***";
        QTest::newRow("empty secret") << "abc" << QStringList { QStringLiteral("") } << "abc";
        QTest::newRow("several") << "a1 b2"
                                 << QStringList { QStringLiteral("a1"), QStringLiteral("b2") }
                                 << "*** ***";
    }

    void redact()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, secrets);
        QFETCH(QString, expected);
        QCOMPARE(redactSecrets(text, secrets), expected);
    }

    void normalizePhone()
    {
        QCOMPARE(SmsSender::normalizePhone(QStringLiteral("+49 (170) 123-4567")),
                 QStringLiteral("+491701234567"));
        QCOMPARE(SmsSender::normalizePhone(QStringLiteral("12ab")), QString());
        QCOMPARE(SmsSender::normalizePhone(QStringLiteral("1+2")), QString());
    }

    void httpGet()
    {
        TinyHttpServer server(200);
        QNetworkAccessManager nam;
        HttpSmsGatewayConfig config;
        config.urlTemplate = QStringLiteral("http://127.0.0.1:%1/send?to={phone}&msg={text}")
                                 .arg(server.port());
        HttpSmsGateway gw(&nam, config);
        QSignalSpy spy(&gw, &SmsSender::finished);
        const quint64 id = gw.send(QStringLiteral("+49 170 1234567"),
                                   QStringLiteral("CONNECT,PWD=1234#"));
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toULongLong(), id);
        QCOMPARE(spy.at(0).at(1).toBool(), true);
        QCOMPARE(server.requestLine(),
                 QByteArray("GET /send?to=%2B491701234567&msg=CONNECT%2CPWD%3D1234%23 HTTP/1.1"));
    }

    void httpPost_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("bodyTemplate");
        QTest::addColumn<QByteArray>("expectedBody");
        QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                              << "to={phone}&text={text}"
                              << QByteArray("to=%2B4917012&text=a%20%22b%22%26c");
        QTest::newRow("json") << QByteArray("application/json")
                              << "{\"to\":\"{phone}\",\"text\":\"{text}\"}"
                              << QByteArray("{\"to\":\"+4917012\",\"text\":\"a \\\"b\\\"&c\"}");
    }

    void httpPost()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QString, bodyTemplate);
        QFETCH(QByteArray, expectedBody);
        TinyHttpServer server(200);
        QNetworkAccessManager nam;
        HttpSmsGatewayConfig config;
        config.urlTemplate = QStringLiteral("http://127.0.0.1:%1/sms").arg(server.port());
        config.method = HttpSmsGatewayConfig::Post;
        config.contentType = contentType;
        config.bodyTemplate = bodyTemplate;
        config.headers = { { "Authorization", "Bearer t0ken" } };
        HttpSmsGateway gw(&nam, config);
        QSignalSpy spy(&gw, &SmsSender::finished);
        gw.send(QStringLiteral("+4917012"), QStringLiteral("a \"b\"&c"));
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.at(0).at(1).toBool(), true);
        QCOMPARE(server.requestLine(), QByteArray("POST /sms HTTP/1.1"));
        QVERIFY(server.request.contains("Authorization: Bearer t0ken"));
        QVERIFY(server.request.contains(QByteArray("Content-Type: " + contentType)));
        QCOMPARE(server.body(), expectedBody);
    }

    void httpError_neverShowsThePassword()
    {
        // The gateway echoes the text in its error page; the error must not carry the password.
        TinyHttpServer server(500, "bad message CONNECT,PWD=1234#");
        QNetworkAccessManager nam;
        HttpSmsGatewayConfig config;
        config.urlTemplate = QStringLiteral("http://127.0.0.1:%1/send?msg={text}")
                                 .arg(server.port());
        HttpSmsGateway gw(&nam, config);
        gw.addSecret(QStringLiteral("1234"));
        QSignalSpy spy(&gw, &SmsSender::finished);
        gw.send(QStringLiteral("5551234567"), QStringLiteral("CONNECT,PWD=1234#"));
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.at(0).at(1).toBool(), false);
        const QString error = spy.at(0).at(2).toString();
        QVERIFY2(error.contains(u"500"), qPrintable(error));
        QVERIFY2(!error.contains(u"1234#"), qPrintable(error));
        QVERIFY(error.contains(u"PWD=***#"));
    }

    void httpBadInput()
    {
        QNetworkAccessManager nam;
        HttpSmsGateway gw(&nam, HttpSmsGatewayConfig {});
        QSignalSpy spy(&gw, &SmsSender::finished);
        gw.send(QStringLiteral("not a phone"), QStringLiteral("x"));
        QCOMPARE(spy.count(), 0); // never from inside send()
        QVERIFY(spy.wait(1000));
        QCOMPARE(spy.at(0).at(1).toBool(), false);
    }

    void modem_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("normal") << int(FakeModem::Normal) << true << "";
        QTest::newRow("echo on") << int(FakeModem::Echo) << true << "";
        QTest::newRow("network refuses") << int(FakeModem::RejectBody) << false
                                         << "+CMS ERROR: 500";
        QTest::newRow("no answer") << int(FakeModem::Silent) << false << "did not answer";
    }

    void modem()
    {
        QFETCH(int, mode);
        QFETCH(bool, ok);
        QFETCH(QString, errorPart);
        FakeModem device(static_cast<FakeModem::Mode>(mode));
        ModemSmsSender modem(&device);
        modem.setTimeout(200);
        modem.addSecret(QStringLiteral("1234"));
        QSignalSpy spy(&modem, &SmsSender::finished);
        const quint64 id = modem.send(QStringLiteral("+491701234567"),
                                      QStringLiteral("CONNECT,PWD=1234#"));
        QVERIFY(spy.wait(3000));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toULongLong(), id);
        QCOMPARE(spy.at(0).at(1).toBool(), ok);
        QVERIFY2(spy.at(0).at(2).toString().contains(errorPart),
                 qPrintable(spy.at(0).at(2).toString()));
        QVERIFY(device.written.startsWith(
            "AT\rAT+CMGF=1\rAT+CMGS=\"+491701234567\"\rCONNECT,PWD=1234#\x1a")
                || mode == FakeModem::Silent);
        if (ok) {
            QCOMPARE(device.written, QByteArray("AT\rAT+CMGF=1\rAT+CMGS=\"+491701234567\"\r"
                                                "CONNECT,PWD=1234#\x1a"));
            QCOMPARE(modem.lastMessageReference(), 42);
        }
        QCOMPARE(modem.pending(), 0);
    }

    void modem_queuesMessages()
    {
        FakeModem device;
        ModemSmsSender modem(&device);
        QSignalSpy spy(&modem, &SmsSender::finished);
        const quint64 a = modem.send(QStringLiteral("111"), QStringLiteral("one"));
        const quint64 b = modem.send(QStringLiteral("222"), QStringLiteral("two\x1a"));
        QCOMPARE(modem.pending(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 3000);
        QCOMPARE(spy.at(0).at(0).toULongLong(), a);
        QCOMPARE(spy.at(1).at(0).toULongLong(), b);
        QVERIFY(spy.at(1).at(1).toBool());
        // Ctrl-Z inside a text would end it early: it is replaced.
        QVERIFY(device.written.endsWith("AT+CMGS=\"222\"\rtwo \x1a"));
    }
};

FW_TEST_CLASS(TestSmsSender)
#include "tst_smssender.moc"
