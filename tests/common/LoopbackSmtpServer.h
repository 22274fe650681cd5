#pragma once
// A minimal SMTP server on 127.0.0.1 for tests (RFC 5321 subset: EHLO/HELO, AUTH PLAIN, MAIL,
// RCPT, DATA, RSET, NOOP, QUIT; STARTTLS only when given a certificate and key). It records the
// envelope, the login and the message bytes so a test can check what a mail client really sent.
// Header-only, no Q_OBJECT.

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QString>
#include <QTcpServer>

#include <memory>

namespace fw::test {

struct ReceivedMail
{
    QByteArray ehlo;
    QByteArray mailFrom; // as in "MAIL FROM:<...>", the part in angle brackets
    QList<QByteArray> recipients;
    QByteArray authPlain; // decoded "\0user\0password", empty without AUTH
    QByteArray data; // the message, dot-unstuffed, without the final "."
    bool encrypted = false; // the DATA phase ran over TLS
};

// Every connection on a QSslSocket, so STARTTLS can turn it into TLS half way.
class SslCapableServer : public QTcpServer
{
protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this); // owned by the server, like Qt's own sockets
        if (socket->setSocketDescriptor(descriptor))
            addPendingConnection(socket);
        else
            delete socket;
    }
};

class LoopbackSmtpServer
{
public:
    explicit LoopbackSmtpServer(bool offerAuth = true) : m_offerAuth(offerAuth)
    {
        listen();
    }
    // Offers STARTTLS with this certificate and key (PEM).
    LoopbackSmtpServer(const QSslCertificate &certificate, const QSslKey &key)
        : m_offerAuth(true), m_certificate(certificate), m_key(key)
    {
        listen();
    }

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }

    QList<ReceivedMail> mails; // each completed DATA phase
    QList<QByteArray> commands; // every command line, for failure messages

private:
    void listen()
    {
        m_server.listen(QHostAddress(QStringLiteral("127.0.0.1")), 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(static_cast<QSslSocket *>(socket));
        });
    }

    struct Session
    {
        QByteArray buffer;
        ReceivedMail mail;
        bool inData = false;
        bool awaitingAuth = false;
    };

    static QByteArray angle(const QByteArray &line)
    {
        const qsizetype open = line.indexOf('<');
        const qsizetype close = line.indexOf('>', open);
        return open >= 0 && close > open ? line.mid(open + 1, close - open - 1) : QByteArray();
    }

    void serve(QSslSocket *socket)
    {
        auto session = std::make_shared<Session>();
        socket->write("220 127.0.0.1 ESMTP FleetWatch test server\r\n");
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, session] {
            session->buffer += socket->readAll();
            for (;;) {
                const qsizetype eol = session->buffer.indexOf("\r\n");
                if (eol < 0)
                    return;
                const QByteArray line = session->buffer.left(eol);
                session->buffer.remove(0, eol + 2);
                handle(socket, *session, line);
            }
        });
    }

    void handle(QSslSocket *socket, Session &s, const QByteArray &line)
    {
        if (s.inData) {
            if (line == ".") {
                s.inData = false;
                s.mail.encrypted = socket->isEncrypted();
                mails.append(s.mail);
                socket->write("250 2.0.0 queued\r\n");
            } else {
                s.mail.data += (line.startsWith("..") ? line.mid(1) : line) + "\r\n";
            }
            return;
        }
        commands.append(line);
        if (s.awaitingAuth) {
            s.awaitingAuth = false;
            s.mail.authPlain = QByteArray::fromBase64(line);
            socket->write("235 2.7.0 accepted\r\n");
            return;
        }
        const QByteArray verb = line.left(4).toUpper();
        if (verb == "EHLO" || verb == "HELO") {
            s.mail.ehlo = line.mid(5);
            socket->write("250-127.0.0.1\r\n");
            if (!m_certificate.isNull() && !socket->isEncrypted())
                socket->write("250-STARTTLS\r\n");
            if (m_offerAuth)
                socket->write("250-AUTH PLAIN\r\n");
            socket->write("250 8BITMIME\r\n");
        } else if (verb == "STAR" && !m_certificate.isNull() && !socket->isEncrypted()) {
            socket->write("220 2.0.0 ready to start TLS\r\n");
            s.buffer.clear(); // RFC 3207: nothing sent before the handshake counts
            socket->setLocalCertificate(m_certificate);
            socket->setPrivateKey(m_key);
            socket->startServerEncryption();
        } else if (line.toUpper().startsWith("AUTH PLAIN")) {
            const QByteArray initial = line.mid(10).trimmed();
            if (initial.isEmpty()) {
                s.awaitingAuth = true;
                socket->write("334 \r\n");
            } else {
                s.mail.authPlain = QByteArray::fromBase64(initial);
                socket->write("235 2.7.0 accepted\r\n");
            }
        } else if (verb == "MAIL") {
            s.mail.mailFrom = angle(line);
            s.mail.recipients.clear();
            s.mail.data.clear();
            socket->write("250 2.1.0 ok\r\n");
        } else if (verb == "RCPT") {
            s.mail.recipients.append(angle(line));
            socket->write("250 2.1.5 ok\r\n");
        } else if (verb == "DATA") {
            s.inData = true;
            socket->write("354 end with <CRLF>.<CRLF>\r\n");
        } else if (verb == "QUIT") {
            socket->write("221 2.0.0 bye\r\n");
            socket->disconnectFromHost();
        } else if (verb == "RSET" || verb == "NOOP") {
            socket->write("250 2.0.0 ok\r\n");
        } else {
            socket->write("502 5.5.2 not implemented\r\n");
        }
    }

    bool m_offerAuth;
    QSslCertificate m_certificate;
    QSslKey m_key;
    SslCapableServer m_server;
};

} // namespace fw::test
