#pragma once
// SmsSender: sends SMS commands to trackers (configuration, "connect now") through whatever the
// operator has: an HTTP SMS gateway or a GSM modem on a serial port. Both implementations take
// their transport injected (QNetworkAccessManager, QIODevice) so core stays free of Qt Serial
// Port and tests drive them with a loopback HTTP server and a fake modem. SMS texts often hold
// device passwords: every log line and error goes through redactSecrets().

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QQueue>
#include <QStringList>
#include <QTimer>

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;

namespace fw {

// `text` with every occurrence of each non-empty secret (and its percent-encoded form) replaced
// by "***".
QString redactSecrets(QString text, const QStringList &secrets);

class SmsSender : public QObject
{
    Q_OBJECT
public:
    explicit SmsSender(QObject *parent = nullptr);

    // Queues one SMS and returns its id (> 0). finished() always follows, never from inside
    // send() itself.
    virtual quint64 send(const QString &phone, const QString &text) = 0;

    // Values that must never appear in logs or error texts (device passwords).
    void setSecrets(const QStringList &secrets) { m_secrets = secrets; }
    void addSecret(const QString &secret);
    const QStringList &secrets() const { return m_secrets; }

    // "+49 170 1234567" -> "+491701234567"; empty when it is not a phone number.
    static QString normalizePhone(const QString &phone);

signals:
    void finished(quint64 id, bool ok, const QString &error);

protected:
    quint64 nextId() { return ++m_lastId; }
    QString redacted(const QString &text) const { return redactSecrets(text, m_secrets); }
    // Emits finished() from the event loop (error redacted).
    void finishLater(quint64 id, bool ok, const QString &error);
    void finishNow(quint64 id, bool ok, const QString &error);

private:
    QStringList m_secrets;
    quint64 m_lastId = 0;
};

struct HttpSmsGatewayConfig
{
    enum Method { Get, Post };

    // URL with {phone} and {text} (percent-encoded when filled), e.g.
    // "https://sms.example.com/send?to={phone}&msg={text}".
    QString urlTemplate;
    Method method = Get;
    // POST body with {phone} and {text}; values are JSON-escaped when contentType says json,
    // percent-encoded otherwise.
    QString bodyTemplate = QStringLiteral("to={phone}&text={text}");
    QByteArray contentType = "application/x-www-form-urlencoded";
    QList<QPair<QByteArray, QByteArray>> headers; // e.g. {"Authorization", "Bearer ..."}
    int timeoutMs = 30000;
};

class HttpSmsGateway final : public SmsSender
{
    Q_OBJECT
public:
    HttpSmsGateway(QNetworkAccessManager *network, const HttpSmsGatewayConfig &config,
                   QObject *parent = nullptr);

    quint64 send(const QString &phone, const QString &text) override;
    const HttpSmsGatewayConfig &config() const { return m_config; }

    // The request URL / body for a message (exposed for the settings dialog's preview).
    QString urlFor(const QString &phone, const QString &text) const;
    QByteArray bodyFor(const QString &phone, const QString &text) const;

private:
    void onFinished(QNetworkReply *reply, quint64 id);

    QPointer<QNetworkAccessManager> m_network;
    HttpSmsGatewayConfig m_config;
};

// Speaks AT commands in text mode: AT, AT+CMGF=1, AT+CMGS="<phone>", the text, Ctrl-Z; waits for
// +CMGS and OK. One message at a time; the others wait in a queue. The caller opens the device
// (for a QSerialPort: port name, baud rate) and keeps it alive.
class ModemSmsSender final : public SmsSender
{
    Q_OBJECT
public:
    explicit ModemSmsSender(QIODevice *device, QObject *parent = nullptr);

    quint64 send(const QString &phone, const QString &text) override;
    void setTimeout(int ms) { m_timeoutMs = ms; } // per step; default 30 s
    int pending() const { return int(m_queue.size()) + (m_step == Step::Idle ? 0 : 1); }
    int lastMessageReference() const { return m_lastReference; } // from +CMGS: n

private:
    enum class Step { Idle, Attention, TextMode, Recipient, Body };
    struct Job
    {
        quint64 id = 0;
        QString phone;
        QByteArray text;
    };

    void startNext();
    void onReadyRead();
    void handleLine(const QByteArray &line);
    void onPrompt();
    void onTimeout();
    void write(const QByteArray &bytes);
    void finishCurrent(bool ok, const QString &error);
    void armTimer();

    QPointer<QIODevice> m_device;
    QQueue<Job> m_queue;
    Job m_current;
    Step m_step = Step::Idle;
    QByteArray m_buffer;
    QTimer m_timer;
    int m_timeoutMs = 30000;
    int m_lastReference = -1;
    int m_pendingReference = -1;
};

} // namespace fw
