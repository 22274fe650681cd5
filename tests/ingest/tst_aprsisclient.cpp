// FleetWatch as an APRS-IS client: it logs in to a server (here a fake one the test runs on
// loopback) with its callsign, passcode and filter, takes the stations the server passes on as
// devices, and reconnects when the server goes away.
#include "TestMain.h"

#include "fleet/FleetState.h"
#include "ingest/IngestServer.h"
#include "ingest/MemoryStoreSink.h"
#include "protocols/AprsDecoder.h"
#include "protocols/ProtocolRegistry.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace fw;

namespace {
// A node with one registered station, its own listener on a free loopback port, and an APRS-IS
// feed aimed at a fake server the test runs.
struct FeedFixture
{
    FeedFixture()
    {
        QTcpServer spareListener; // a free port for the node's own (unused) listener
        spareListener.listen(QHostAddress::LocalHost, 0);
        const quint16 ownPort = spareListener.serverPort();
        spareListener.close();
        fakeServer.listen(QHostAddress::LocalHost, 0);
        Device station;
        station.uniqueId = QStringLiteral("FW1AB-9");
        station.name = QStringLiteral("Balloon");
        station.registeredAt = clock.now() - kDay;
        fleet.load({ station }, {});
        config.bind = QHostAddress::LocalHost;
        config.listeners = { ListenerConfig { QStringLiteral("nmea"), ownPort } };
        config.aprsIsServer
            = QStringLiteral("127.0.0.1:") + QString::number(fakeServer.serverPort());
        config.aprsIsCallsign = QStringLiteral("FW0TEST");
    }

    QTcpServer fakeServer;
    SystemClock clock;
    const ProtocolRegistry registry;
    const DeviceModelCatalog catalog;
    RawLog rawLog;
    MemoryStoreSink sink;
    FleetState fleet { &clock, &catalog, StatusSettings {} };
    IngestServer server { &registry, &fleet, &rawLog, &sink, &clock };
    IngestConfig config;
};
} // namespace

class TstAprsIsClient : public QObject
{
    Q_OBJECT
private slots:
    void logsInTakesStationsAndReconnects();
    void restartsLeaveOneFeed();
};

void TstAprsIsClient::logsInTakesStationsAndReconnects()
{
    FeedFixture f;
    QVERIFY(f.fakeServer.isListening());
    QTcpServer &fakeServer = f.fakeServer;
    MemoryStoreSink &sink = f.sink;
    IngestServer &server = f.server;
    IngestConfig config = f.config;
    config.aprsIsFilter = QStringLiteral("r/52.2/21.0/100");
    config.aprsIsRetryMs = 200;
    QCOMPARE(server.start(config), 1);

    QTRY_VERIFY_WITH_TIMEOUT(fakeServer.hasPendingConnections(), 5000);
    QTcpSocket *client = fakeServer.nextPendingConnection();
    QTRY_VERIFY(client->canReadLine());
    const QByteArray login = client->readLine().trimmed();
    const QByteArray expected = "user FW0TEST pass "
        + QByteArray::number(AprsDecoder::passcode("FW0TEST"))
        + " vers FleetWatch " + QByteArray(FW_VERSION) + " filter r/52.2/21.0/100";
    QCOMPARE(login, expected);

    client->write("# aprsc 2.1.14 22 Nov 2026 03:00:00 GMT test 127.0.0.1:14580\r\n"
                  "FW1AB-9>APRS,TCPIP*,qAC,T2TEST:!5213.50N/02101.20E>climbing\r\n"
                  "SQ5XYZ-7>APRS,TCPIP*:!5210.00N/02050.00E-unknown station\r\n");
    QTRY_COMPARE(sink.positions().size(), 1);
    const Position &p = sink.positions().first();
    QCOMPARE(p.uniqueId, QStringLiteral("FW1AB-9"));
    QVERIFY(std::abs(p.latitude - 52.225) < 1e-4);
    QVERIFY(std::abs(p.longitude - 21.02) < 1e-4);
    QTRY_COMPARE(server.stats().unknown, quint64(1)); // SQ5XYZ-7 is not registered
    bool outboundShown = false;
    for (const ListenerState &l : server.listeners()) {
        if (l.outbound) {
            outboundShown = true;
            QVERIFY(l.listening);
        }
    }
    QVERIFY(outboundShown);

    // The server goes away: the feed reconnects on its own and logs in again.
    client->disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(fakeServer.hasPendingConnections(), 10000);
    QTcpSocket *again = fakeServer.nextPendingConnection();
    QTRY_VERIFY(again->canReadLine());
    QCOMPARE(again->readLine().trimmed(), expected);
    server.stop();
}

void TstAprsIsClient::restartsLeaveOneFeed()
{
    // Restarted while its socket is still connecting, and again once it is connected: one
    // feed remains, and each packet is stored once (two feeds stored everything twice).
    FeedFixture f;
    QVERIFY(f.fakeServer.isListening());
    QTcpServer &fakeServer = f.fakeServer;
    MemoryStoreSink &sink = f.sink;
    IngestServer &server = f.server;
    IngestConfig config = f.config;
    config.aprsIsRetryMs = 100;

    QList<QTcpSocket *> accepted;
    connect(&fakeServer, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket *c = fakeServer.nextPendingConnection())
            accepted.append(c);
    });
    server.start(config);
    server.stop(); // the socket has not even seen "connected" yet
    server.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(!accepted.isEmpty(), 5000);
    QTRY_VERIFY(accepted.last()->canReadLine());
    server.start(config); // restart with a live feed session
    // Time for any stale handler to reconnect (ten retry periods).
    QTest::qWait(1000);
    QList<QTcpSocket *> live;
    for (QTcpSocket *c : std::as_const(accepted)) {
        if (c->state() == QAbstractSocket::ConnectedState)
            live.append(c);
    }
    QCOMPARE(live.size(), 1);
    live.first()->write("FW1AB-9>APRS,TCPIP*:!5213.50N/02101.20E>once\r\n");
    QTRY_COMPARE(sink.positions().size(), 1);
    QTest::qWait(200);
    QCOMPARE(sink.positions().size(), 1);
    server.stop();
}

FW_TEST_CLASS(TstAprsIsClient)
#include "tst_aprsisclient.moc"
