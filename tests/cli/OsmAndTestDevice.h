#pragma once
// OsmAndTestDevice: a phone with the OsmAnd app on a loopback socket for tests that run real
// nodes: one HTTP GET per fix on a kept-alive connection; the node's "200 OK" (sent after the
// commit) is the acknowledgement.

#include "sim/OsmAndFrameEncoder.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

namespace fw::test {

// A phone that sends fixes and counts the node's acknowledgements.
class OsmAndDevice
{
public:
    explicit OsmAndDevice(const QString &id)
        : imei(id)
    { }
    bool connectTo(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }
    void send(TimeMs fixTime, double lat)
    {
        Position p;
        p.deviceTime = fixTime;
        p.valid = true;
        p.latitude = lat;
        p.longitude = 20.5;
        p.speedKph = 12;
        socket.write(m_encoder.position(imei, p, 0));
        socket.flush();
    }
    bool waitAcks(int count, int timeoutMs)
    {
        return QTest::qWaitFor([&] {
            m_received += socket.readAll();
            return m_received.count("HTTP/1.1 200") >= count;
        }, timeoutMs);
    }

    const QString imei;
    QTcpSocket socket;

private:
    const OsmAndFrameEncoder m_encoder;
    QByteArray m_received;
};

} // namespace fw::test
