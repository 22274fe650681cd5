#pragma once
// A minimal HTTP/1.1 server on 127.0.0.1 for tests: it records every request (method, path,
// headers, body) and answers with what the test's handler says, or not at all (`hang`), to stand
// in for a webhook receiver or a Nominatim server. One request per connection (it closes after
// answering). Header-only and without Q_OBJECT so every test file of the directory can use it.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace fw::test {

struct HttpRequest
{
    QByteArray method;
    QByteArray target; // path and query, as sent
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

struct HttpResponse
{
    int status = 200;
    QByteArray body = QByteArrayLiteral("{}");
    QByteArray contentType = QByteArrayLiteral("application/json");
    bool hang = false; // keep the connection open and never answer
};

class LoopbackHttpServer
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    explicit LoopbackHttpServer(Handler handler) : m_handler(std::move(handler))
    {
        m_server.listen(QHostAddress(QStringLiteral("127.0.0.1")), 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path = QString()) const
    {
        return QStringLiteral("http://127.0.0.1:") + QString::number(port()) + path;
    }

    QList<HttpRequest> requests; // in the order they arrived
    int connections = 0;

private:
    void serve(QTcpSocket *socket)
    {
        ++connections;
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            HttpRequest request;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.target = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                           lines.at(i).mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer->size() < end + 4 + length)
                return; // the body is still on its way
            request.body = buffer->mid(end + 4, length);
            buffer->clear();
            const HttpResponse response = m_handler(request);
            requests.append(request);
            if (response.hang)
                return;
            QByteArray answer = "HTTP/1.1 " + QByteArray::number(response.status) + " Test\r\n";
            answer += "Content-Type: " + response.contentType + "\r\n";
            answer += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
            answer += "Connection: close\r\n\r\n" + response.body;
            socket->write(answer);
            socket->disconnectFromHost();
        });
    }

    Handler m_handler;
    QTcpServer m_server;
};

// A Nominatim-compatible reverse answer whose address names the latitude it was asked about:
// {"display_name":"Quay LAT"} (LAT as the request wrote it), so a test knows which place got
// which address.
inline HttpResponse quayAddressAnswer(const HttpRequest &request)
{
    const QUrlQuery query(QUrl(QString::fromUtf8(request.target)));
    HttpResponse response;
    response.body = QByteArray("{\"display_name\":\"Quay ")
        + query.queryItemValue(QStringLiteral("lat")).toUtf8() + QByteArray("\"}");
    return response;
}

} // namespace fw::test
