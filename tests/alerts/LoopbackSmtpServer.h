#pragma once
// A minimal SMTP server on 127.0.0.1 for tests (RFC 5321 subset: EHLO/HELO, AUTH PLAIN, MAIL,
// RCPT, DATA, RSET, NOOP, QUIT; no STARTTLS offered). It records the envelope, the login and the
// message bytes so a test can check what a mail client really sent. Header-only, no Q_OBJECT.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace fw::test {

struct ReceivedMail
{
    QByteArray ehlo;
    QByteArray mailFrom; // as in "MAIL FROM:<...>", the part in angle brackets
    QList<QByteArray> recipients;
    QByteArray authPlain; // decoded "\0user\0password", empty without AUTH
    QByteArray data; // the message, dot-unstuffed, without the final "."
};

class LoopbackSmtpServer
{
public:
    explicit LoopbackSmtpServer(bool offerAuth = true) : m_offerAuth(offerAuth)
    {
        m_server.listen(QHostAddress(QStringLiteral("127.0.0.1")), 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }

    QList<ReceivedMail> mails; // each completed DATA phase
    QList<QByteArray> commands; // every command line, for failure messages

private:
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

    void serve(QTcpSocket *socket)
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

    void handle(QTcpSocket *socket, Session &s, const QByteArray &line)
    {
        if (s.inData) {
            if (line == ".") {
                s.inData = false;
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
            socket->write(m_offerAuth ? "250-127.0.0.1\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"
                                      : "250-127.0.0.1\r\n250 8BITMIME\r\n");
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
    QTcpServer m_server;
};

} // namespace fw::test
