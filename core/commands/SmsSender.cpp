#include "SmsSender.h"
#include "CommandsTr.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace fw {

Q_LOGGING_CATEGORY(lcSms, "fleetwatch.sms", QtInfoMsg)

QString redactSecrets(QString text, const QStringList &secrets)
{
    static const QString mask = QStringLiteral("***");
    for (const QString &s : secrets) {
        if (s.isEmpty())
            continue;
        text.replace(s, mask);
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(s));
        if (encoded != s)
            text.replace(encoded, mask);
    }
    return text;
}

// --- SmsSender -------------------------------------------------------------------------------

SmsSender::SmsSender(QObject *parent)
    : QObject(parent)
{
}

void SmsSender::addSecret(const QString &secret)
{
    if (!secret.isEmpty() && !m_secrets.contains(secret))
        m_secrets << secret;
}

QString SmsSender::normalizePhone(const QString &phone)
{
    QString out;
    for (const QChar c : phone) {
        if (c.isDigit())
            out += c;
        else if (c == u'+' && out.isEmpty())
            out += c;
        else if (c != u' ' && c != u'-' && c != u'(' && c != u')' && c != u'.')
            return {};
    }
    const qsizetype digits = out.startsWith(u'+') ? out.size() - 1 : out.size();
    return digits >= 3 && digits <= 20 ? out : QString();
}

void SmsSender::finishLater(quint64 id, bool ok, const QString &error)
{
    const QString safe = redacted(error);
    QMetaObject::invokeMethod(
        this, [this, id, ok, safe] { emit finished(id, ok, safe); }, Qt::QueuedConnection);
}

void SmsSender::finishNow(quint64 id, bool ok, const QString &error)
{
    emit finished(id, ok, redacted(error));
}

// --- HttpSmsGateway --------------------------------------------------------------------------

HttpSmsGateway::HttpSmsGateway(QNetworkAccessManager *network, const HttpSmsGatewayConfig &config,
                               QObject *parent)
    : SmsSender(parent)
    , m_network(network)
    , m_config(config)
{
}

QString HttpSmsGateway::urlFor(const QString &phone, const QString &text) const
{
    QString url = m_config.urlTemplate;
    url.replace(QLatin1String("{phone}"), QString::fromLatin1(QUrl::toPercentEncoding(phone)));
    url.replace(QLatin1String("{text}"), QString::fromLatin1(QUrl::toPercentEncoding(text)));
    return url;
}

QByteArray HttpSmsGateway::bodyFor(const QString &phone, const QString &text) const
{
    const bool json = m_config.contentType.contains("json");
    const auto value = [json](const QString &v) -> QString {
        if (!json)
            return QString::fromLatin1(QUrl::toPercentEncoding(v));
        // A JSON string literal without its quotes.
        const QByteArray doc = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(doc.mid(2, doc.size() - 4));
    };
    QString body = m_config.bodyTemplate;
    // Fill {text} last so braces inside the phone value cannot be taken for it (and vice versa
    // is impossible: a normalised phone holds only digits and '+').
    body.replace(QLatin1String("{phone}"), value(phone));
    body.replace(QLatin1String("{text}"), value(text));
    return body.toUtf8();
}

quint64 HttpSmsGateway::send(const QString &phone, const QString &text)
{
    const quint64 id = nextId();
    const QString number = normalizePhone(phone);
    if (number.isEmpty()) {
        finishLater(id, false, CommandsTr::tr("Not a phone number: %1").arg(phone));
        return id;
    }
    if (!m_network || m_config.urlTemplate.isEmpty()) {
        finishLater(id, false, CommandsTr::tr("The SMS gateway is not configured."));
        return id;
    }
    const QUrl url(urlFor(number, text));
    if (!url.isValid() || url.scheme().isEmpty()) {
        finishLater(id, false, CommandsTr::tr("The SMS gateway URL is not valid."));
        return id;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_config.timeoutMs);
    for (const auto &h : m_config.headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nullptr;
    if (m_config.method == HttpSmsGatewayConfig::Post) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_config.contentType);
        reply = m_network->post(request, bodyFor(number, text));
    } else {
        reply = m_network->get(request);
    }
    qCDebug(lcSms) << "sms" << id << "to" << number << "via gateway:" << redacted(text);
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] { onFinished(reply, id); });
    return id;
}

void HttpSmsGateway::onFinished(QNetworkReply *reply, quint64 id)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString error;
    if (reply->error() == QNetworkReply::OperationCanceledError)
        error = CommandsTr::tr("The SMS gateway did not answer in time.");
    else if (status != 0 && (status < 200 || status > 299))
        error = CommandsTr::tr("The SMS gateway answered HTTP %1: %2")
                    .arg(status)
                    .arg(QString::fromUtf8(reply->readAll().left(200)).simplified());
    else if (reply->error() != QNetworkReply::NoError)
        error = CommandsTr::tr("The SMS gateway could not be reached: %1").arg(reply->errorString());
    if (!error.isEmpty())
        qCWarning(lcSms).noquote() << "sms" << id << "failed:" << redacted(error);
    else
        qCDebug(lcSms) << "sms" << id << "accepted by the gateway";
    finishNow(id, error.isEmpty(), error);
}

// --- ModemSmsSender --------------------------------------------------------------------------

ModemSmsSender::ModemSmsSender(QIODevice *device, QObject *parent)
    : SmsSender(parent)
    , m_device(device)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ModemSmsSender::onTimeout);
    if (m_device)
        connect(m_device, &QIODevice::readyRead, this, &ModemSmsSender::onReadyRead);
}

quint64 ModemSmsSender::send(const QString &phone, const QString &text)
{
    const quint64 id = nextId();
    const QString number = normalizePhone(phone);
    if (number.isEmpty()) {
        finishLater(id, false, CommandsTr::tr("Not a phone number: %1").arg(phone));
        return id;
    }
    QByteArray body = text.toLatin1();
    body.replace('\x1a', ' '); // Ctrl-Z would end the message early; ESC would cancel it
    body.replace('\x1b', ' ');
    if (body.isEmpty()) {
        finishLater(id, false, CommandsTr::tr("The SMS text is empty."));
        return id;
    }
    m_queue.enqueue(Job { id, number, body });
    qCDebug(lcSms) << "sms" << id << "to" << number << "queued for the modem:" << redacted(text);
    if (m_step == Step::Idle)
        QMetaObject::invokeMethod(this, &ModemSmsSender::startNext, Qt::QueuedConnection);
    return id;
}

void ModemSmsSender::startNext()
{
    if (m_step != Step::Idle || m_queue.isEmpty())
        return;
    m_current = m_queue.dequeue();
    m_buffer.clear();
    m_pendingReference = -1;
    if (!m_device || !m_device->isOpen() || !m_device->isWritable()) {
        m_step = Step::Attention; // so finishCurrent() moves on
        finishCurrent(false, CommandsTr::tr("The modem is not open."));
        return;
    }
    m_step = Step::Attention;
    write("AT\r");
}

void ModemSmsSender::write(const QByteArray &bytes)
{
    if (m_device)
        m_device->write(bytes);
    armTimer();
}

void ModemSmsSender::armTimer()
{
    m_timer.start(m_timeoutMs);
}

void ModemSmsSender::onReadyRead()
{
    if (!m_device)
        return;
    m_buffer += m_device->readAll();
    if (m_step == Step::Idle) {
        m_buffer.clear(); // unsolicited result codes between messages
        return;
    }
    while (!m_buffer.isEmpty() && m_step != Step::Idle) {
        qsizetype skip = 0;
        while (skip < m_buffer.size() && (m_buffer[skip] == '\r' || m_buffer[skip] == '\n'))
            ++skip;
        m_buffer.remove(0, skip);
        if (m_buffer.isEmpty())
            break;
        if (m_step == Step::Recipient && m_buffer.startsWith('>')) {
            m_buffer.remove(0, m_buffer.startsWith("> ") ? 2 : 1);
            onPrompt();
            continue;
        }
        qsizetype end = 0;
        while (end < m_buffer.size() && m_buffer[end] != '\r' && m_buffer[end] != '\n')
            ++end;
        if (end == m_buffer.size())
            break; // incomplete line
        const QByteArray line = m_buffer.left(end).trimmed();
        m_buffer.remove(0, end);
        handleLine(line);
    }
}

void ModemSmsSender::onPrompt()
{
    m_step = Step::Body;
    write(m_current.text + '\x1a');
}

void ModemSmsSender::handleLine(const QByteArray &line)
{
    if (line.isEmpty())
        return;
    if (line.startsWith("+CMS ERROR") || line.startsWith("+CME ERROR") || line == "ERROR") {
        finishCurrent(false, CommandsTr::tr("The modem refused the message: %1")
                                 .arg(QString::fromLatin1(line)));
        return;
    }
    if (line.startsWith("+CMGS:")) {
        m_pendingReference = line.mid(6).trimmed().toInt();
        return;
    }
    if (line != "OK")
        return; // command echo, the echoed text, unsolicited codes
    switch (m_step) {
    case Step::Attention:
        m_step = Step::TextMode;
        write("AT+CMGF=1\r");
        break;
    case Step::TextMode:
        m_step = Step::Recipient;
        write("AT+CMGS=\"" + m_current.phone.toLatin1() + "\"\r");
        break;
    case Step::Body:
        m_lastReference = m_pendingReference;
        finishCurrent(true, {});
        break;
    case Step::Recipient:
    case Step::Idle:
        break;
    }
}

void ModemSmsSender::onTimeout()
{
    if (m_step == Step::Idle)
        return;
    static const char *const names[] = { "", "AT", "AT+CMGF", "AT+CMGS", "message body" };
    const QString at = QString::fromLatin1(names[static_cast<int>(m_step)]);
    if (m_device && (m_step == Step::Recipient || m_step == Step::Body))
        m_device->write("\x1b"); // leave the text prompt
    finishCurrent(false, CommandsTr::tr("The modem did not answer in time (waiting after %1).").arg(at));
}

void ModemSmsSender::finishCurrent(bool ok, const QString &error)
{
    m_timer.stop();
    m_step = Step::Idle;
    const quint64 id = m_current.id;
    m_current = Job {};
    if (ok)
        qCDebug(lcSms) << "sms" << id << "sent by the modem, reference" << m_lastReference;
    else
        qCWarning(lcSms).noquote() << "sms" << id << "failed:" << redacted(error);
    finishNow(id, ok, error);
    if (!m_queue.isEmpty())
        QMetaObject::invokeMethod(this, &ModemSmsSender::startNext, Qt::QueuedConnection);
}

} // namespace fw
