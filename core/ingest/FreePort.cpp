#include "FreePort.h"

#include <QTcpServer>
#include <QUdpSocket>

namespace fw {

quint16 freeTcpUdpPort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::Any, 0))
            continue;
        const quint16 port = tcp.serverPort();
        QUdpSocket udp;
        if (udp.bind(QHostAddress::Any, port))
            return port;
    }
    return 0;
}

} // namespace fw
