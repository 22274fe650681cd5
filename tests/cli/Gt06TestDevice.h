#pragma once
// Gt06TestDevice: a GT06 tracker on a loopback socket for tests that run real nodes: it logs
// in, sends positions and counts the node's acknowledgements, reads the commands the node
// writes to it and answers them as a tracker does (a 0x15 string frame).

#include "protocols/Gt06Decoder.h"
#include "sim/Gt06FrameEncoder.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

namespace fw::test {

// A GT06 tracker on a loopback socket that counts the node's acknowledgements (10 bytes each).
class Gt06Device
{
public:
    explicit Gt06Device(const QString &id)
        : imei(id)
    { }
    bool connectAndLogin(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return false;
        socket.write(m_encoder.login(imei, m_serial++));
        return QTest::qWaitFor([&] { return socket.bytesAvailable() >= 10; }, 10000)
            && socket.read(10).size() == 10;
    }
    // Sends one position (no waiting); returns its device time.
    TimeMs send(TimeMs t, double lat)
    {
        Position p;
        p.deviceTime = t;
        p.valid = true;
        p.latitude = lat;
        p.longitude = 21.0;
        p.speedKph = 30;
        socket.write(m_encoder.position(imei, p, m_serial++));
        socket.flush();
        sent.append(t);
        return t;
    }
    // Waits until `count` positions in all are acknowledged; each new one's time is recorded.
    bool waitAcks(int count, int timeoutMs, const QElapsedTimer &clock)
    {
        return QTest::qWaitFor([&] {
            while (socket.bytesAvailable() >= 10) {
                socket.read(10);
                acked.append(sent.value(acked.size()));
                ackedAtMs.append(clock.elapsed());
            }
            return acked.size() >= count;
        }, timeoutMs);
    }

    // The next `size` bytes the node writes (a command), or empty after `timeoutMs`.
    QByteArray readBytes(qsizetype size, int timeoutMs)
    {
        if (!QTest::qWaitFor([&] { return socket.bytesAvailable() >= size; }, timeoutMs))
            return {};
        return socket.read(size);
    }
    // Answers a command as the tracker does: a 0x15 frame with the server flag and the text.
    void reply(const QString &text, quint32 serverFlag)
    {
        const QByteArray ascii = text.toLatin1();
        QByteArray content;
        content.append(static_cast<char>(ascii.size() + 4));
        for (int shift = 24; shift >= 0; shift -= 8)
            content.append(static_cast<char>((serverFlag >> shift) & 0xff));
        content.append(ascii);
        socket.write(Gt06Decoder::buildFrame(false, 0x15, static_cast<quint16>(m_serial++), content));
        socket.flush();
    }

    const QString imei;
    QTcpSocket socket;
    QList<TimeMs> sent;
    QList<TimeMs> acked;
    QList<qint64> ackedAtMs;

private:
    const Gt06FrameEncoder m_encoder;
    quint32 m_serial = 1;
};

} // namespace fw::test
