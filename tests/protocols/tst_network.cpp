// The cell tower / Wi-Fi model (domain/Network) and the decoders that fill it: the attribute's
// shape and round trip, MAC normalisation, and GT06 network-only reports (frames from the public
// Traccar samples; values worked out by hand from their bytes).
#include "TestMain.h"

#include "domain/Network.h"
#include "protocols/Gt06Decoder.h"
#include "protocols/H02Decoder.h"
#include "protocols/WatchDecoder.h"
#include "storage/AttributesJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace fw;

namespace {
constexpr TimeMs kNow = 1718000000000; // 2024-06-10T06:13:20Z

Network decodeGt06(const char *hexFrame, QString *error = nullptr)
{
    const Gt06Decoder dec;
    DecodeContext ctx;
    ctx.uniqueId = QStringLiteral("123456789012345");
    ctx.now = kNow;
    DecodeResult out;
    dec.decode(QByteArray::fromHex(hexFrame), ctx, out);
    if (error)
        *error = out.error;
    if (out.messages.size() != 1 || out.messages[0].hasLocation)
        return {};
    return Network::of(out.messages[0].position.attributes);
}
// A watch frame "[3G*ID*LLLL*content]" with the content length in hex.
Network decodeWatch(const QByteArray &content, bool *located = nullptr)
{
    const WatchDecoder dec;
    DecodeContext ctx;
    ctx.now = kNow;
    DecodeResult out;
    const QByteArray frame = "[3G*8800000015*"
        + QByteArray::number(content.size(), 16).rightJustified(4, '0') + '*' + content + ']';
    dec.decode(frame, ctx, out);
    for (const DecodedMessage &m : out.messages) {
        if (m.position.attributes.contains(attr::network)) {
            if (located)
                *located = m.hasLocation;
            return Network::of(m.position.attributes);
        }
    }
    return {};
}
} // namespace

class TstNetwork : public QObject
{
    Q_OBJECT
private slots:
    void macAddresses_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("stored");
        QTest::newRow("colons") << "AA:BB:CC:DD:EE:FF" << "aa:bb:cc:dd:ee:ff";
        QTest::newRow("dashes") << "00-1a-2B-3c-4D-5e" << "00:1a:2b:3c:4d:5e";
        QTest::newRow("bare") << "001801eb4039" << "00:18:01:eb:40:39";
        QTest::newRow("short") << "00:18:01:eb:40" << "";
        QTest::newRow("long") << "001801eb403900" << "";
        QTest::newRow("not hex") << "00:18:01:eb:40:zz" << "";
    }
    void macAddresses()
    {
        QFETCH(QString, input);
        QFETCH(QString, stored);
        Network n;
        n.addWifi(input, -50);
        if (stored.isEmpty()) {
            QVERIFY(n.wifiAccessPoints.isEmpty());
        } else {
            QCOMPARE(n.wifiAccessPoints.size(), 1);
            QCOMPARE(n.wifiAccessPoints[0].macAddress, stored);
        }
    }

    // The attribute is the JSON of a geolocation request, and survives storage.
    void attributeShapeAndRoundTrip()
    {
        Network n;
        n.radioType = QStringLiteral("lte");
        n.addCell(262, 1, 0x1234, 0x0618c102, -91);
        n.addCell(262, 1, 0x1234, 77);
        n.addWifi(u"aa:bb:cc:dd:ee:01", -60);
        Attributes a;
        a.set(attr::batteryLevel, 80);
        n.storeIn(a);

        const QString json = AttributesJson::write(a);
        const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
        const QJsonObject net = o.value(attr::network).toObject();
        QCOMPARE(net.value(QStringLiteral("radioType")).toString(), QStringLiteral("lte"));
        const QJsonObject cell = net.value(QStringLiteral("cellTowers")).toArray().at(0).toObject();
        QCOMPARE(cell.value(QStringLiteral("mobileCountryCode")).toInt(), 262);
        QCOMPARE(cell.value(QStringLiteral("mobileNetworkCode")).toInt(), 1);
        QCOMPARE(cell.value(QStringLiteral("locationAreaCode")).toInt(), 0x1234);
        QCOMPARE(cell.value(QStringLiteral("cellId")).toInteger(), 0x0618c102);
        QCOMPARE(cell.value(QStringLiteral("signalStrength")).toInt(), -91);
        QVERIFY(!net.value(QStringLiteral("cellTowers")).toArray().at(1).toObject().contains(
            QStringLiteral("signalStrength")));
        QCOMPARE(net.value(QStringLiteral("wifiAccessPoints")).toArray().size(), 1);

        // Read back as storage reads it.
        const Attributes back = Attributes::fromJson(o);
        QCOMPARE(Network::of(back), n);
        QCOMPARE(back.value(attr::batteryLevel).toInt(), 80);
    }

    void commaTexts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("cell");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("cell") << "260,2,1,100" << true << true;
        QTest::newRow("cell with signal") << "260, 2, 1, 100, -71" << true << true;
        QTest::newRow("cell, three values") << "260,2,1" << true << false;
        QTest::newRow("cell, letters") << "260,2,x,100" << true << false;
        QTest::newRow("wifi") << "AA-BB-CC-00-11-22,-60" << false << true;
        QTest::newRow("wifi without signal") << "aabbcc001122" << false << true;
        QTest::newRow("wifi, short mac") << "00:11,-50" << false << false;
        QTest::newRow("wifi, bad signal") << "aabbcc001122,loud" << false << false;
    }
    void commaTexts()
    {
        QFETCH(QString, text);
        QFETCH(bool, cell);
        QFETCH(bool, accepted);
        Network n;
        QCOMPARE(cell ? n.addCellText(text) : n.addWifiText(text), accepted);
        QCOMPARE(n.isEmpty(), !accepted);
    }

    void emptyNetworkIsNotStored()
    {
        Attributes a;
        Network().storeIn(a);
        QVERIFY(a.isEmpty());
        QVERIFY(Network::of(a).isEmpty());
    }

    // 0x28: the serving cell and neighbours, two-byte LAC, three-byte cell id; empty slots.
    void gt06LbsMultiple()
    {
        QString error;
        const Network n = decodeGt06(
            "78783b2810010d02020201cc00287d001f713e287d001f7231287d001e232d287d001f4018000000"
            "000000000000000000000000000000000000ff00020005b14b0d0a",
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(n.radioType, QStringLiteral("gsm"));
        QCOMPARE(n.cellTowers.size(), 4);
        QCOMPARE(n.cellTowers[0], (CellTower { 460, 0, 0x287d, 0x1f71, 0x3e }));
        QCOMPARE(n.cellTowers[3], (CellTower { 460, 0, 0x287d, 0x1f40, 0x18 }));
        QVERIFY(n.wifiAccessPoints.isEmpty());
    }

    // 0x2C: seven cells, timing advance, then the access points.
    void gt06LbsWifi()
    {
        const Network n = decodeGt06(
            "7878412c11030b011c1f013604cb8a00b17754cb8a00bef357cb8a00b73f5fcb8900b0e25fcb8900b6"
            "655fcb8a00b74960cb8a00b178620701001801eb40393800bbbde10d0a");
        QCOMPARE(n.cellTowers.size(), 7);
        QCOMPARE(n.cellTowers[0], (CellTower { 310, 4, 0xcb8a, 0xb177, 0x54 }));
        QCOMPARE(n.wifiAccessPoints.size(), 1);
        QCOMPARE(n.wifiAccessPoints[0].macAddress, QStringLiteral("00:18:01:eb:40:39"));
        QCOMPARE(n.wifiAccessPoints[0].signalStrength, -0x38);
    }

    // 0x69: the access point count is the length byte; then the cells with two-byte ids.
    void gt06Wifi()
    {
        Network n = decodeGt06("787800691710231108500200cc080c4e2fa5640c4e2fa66e0d0a");
        QVERIFY(n.wifiAccessPoints.isEmpty());
        QCOMPARE(n.cellTowers.size(), 2);
        QCOMPARE(n.cellTowers[1], (CellTower { 204, 8, 0x0c4e, 0x2fa6, 0x6e }));

        n = decodeGt06("787803691604130318491475905bd30e25001e10bbf7635d14759006e626560501cc00286"
                       "60f213228660f1f2828660ea81e286610731428660f20140d0a");
        QCOMPARE(n.wifiAccessPoints.size(), 3);
        QCOMPARE(n.wifiAccessPoints[0].macAddress, QStringLiteral("14:75:90:5b:d3:0e"));
        QCOMPARE(n.wifiAccessPoints[0].signalStrength, -0x25);
        QCOMPARE(n.cellTowers.size(), 5);
        QCOMPARE(n.cellTowers[0], (CellTower { 460, 0, 0x2866, 0x0f21, 0x32 }));
    }

    // 0xA1 / 0xA2 (4G): four-byte LAC and eight-byte cell id; 0xA2 adds the access points.
    void gt06Lte()
    {
        Network n = decodeGt06(
            "78786ca1110b0413093801cc01000025fc000000000618c10201000025fc000000000618c10201000025"
            "fc000000000618c10201000025fc000000000618c10201000025fc000000000618c10201000025fc0000"
            "00000618c10201000025fc000000000618c10201ff0002000541d70d0a");
        QCOMPARE(n.radioType, QStringLiteral("lte"));
        QCOMPARE(n.cellTowers.size(), 7);
        QCOMPARE(n.cellTowers[0], (CellTower { 460, 1, 0x25fc, 0x0618c102, 1 }));
        QVERIFY(n.wifiAccessPoints.isEmpty());

        n = decodeGt06(
            "7878a3a2110b0603201501cc010000254e000000000615f804000000254e000000000615f80400000025"
            "4e000000000615f804000000254e000000000615f804000000254e000000000615f804000000254e0000"
            "00000615f804000000254e000000000615f80400ff08f483cd4df4c0d750bd5f8bc5cecfb0d59dafb459"
            "cda8574e8424c6cc50bd5f6c7e1cc9b0d59d8aa718c90087363040e0c83496727b4de4c7002919670d0a");
        QCOMPARE(n.cellTowers.size(), 7);
        QCOMPARE(n.cellTowers[6], (CellTower { 460, 1, 0x254e, 0x0615f804, 0 }));
        QCOMPARE(n.wifiAccessPoints.size(), 8);
        QCOMPARE(n.wifiAccessPoints[0].macAddress, QStringLiteral("f4:83:cd:4d:f4:c0"));
        QCOMPARE(n.wifiAccessPoints[0].signalStrength, -0xd7);
    }

    // Watches: cell count, timing advance, MCC, MNC, (LAC, cell, signal)..., then Wi-Fi count
    // and (name, MAC, signal)...
    void watchCellsAndWifi()
    {
        bool located = true;
        Network n = decodeWatch("UD_LTE,260723,185105,V,00.000000,,00.0000000,,0.00,0.0,0.0,0,100,"
                                "67,0,0,00000000,2,0,605,1,10006,65799,14,10020,4104,4,3,,"
                                "34:60:f9:ec:19:f8,-82,,98:48:27:55:18:20,-96,home,"
                                "34:e8:94:e4:06:18,-104,0.0",
                                &located);
        QVERIFY(!located);
        QCOMPARE(n.cellTowers.size(), 2);
        QCOMPARE(n.cellTowers[1], (CellTower { 605, 1, 10020, 4104, 4 }));
        QCOMPARE(n.wifiAccessPoints.size(), 3);
        QCOMPARE(n.wifiAccessPoints[2].macAddress, QStringLiteral("34:e8:94:e4:06:18"));
        QCOMPARE(n.wifiAccessPoints[2].signalStrength, -104);

        // No cells: the Wi-Fi count follows the zero at once.
        n = decodeWatch("UD,010120,025946,V,0.0,N,0.0,E,22.0,0,-1,0,100,98,0,0,00000000,0,2,"
                        "eduroam,f4:db:e6:d2:a8:00,-53,Lions,b0:be:76:0a:05:9a,-82,0.0");
        QVERIFY(n.cellTowers.isEmpty());
        QCOMPARE(n.wifiAccessPoints.size(), 2);

        // A fix with its serving cell keeps both.
        n = decodeWatch("UD,010120,025946,A,52.5,N,13.4,E,22.0,0,-1,0,100,98,0,0,00000000,1,255,"
                        "262,2,4711,99,42",
                        &located);
        QVERIFY(located);
        QCOMPARE(n.cellTowers.value(0), (CellTower { 262, 2, 4711, 99, 42 }));
    }

    // H02 NBR: mcc, mnc, timing advance, count, then (lac, cell id, signal) per cell.
    void h02NeighbourCells()
    {
        const H02Decoder dec;
        DecodeContext ctx;
        ctx.now = kNow;
        DecodeResult out;
        dec.decode(QByteArray("*HQ,7401004662,NBR,160453,234,10,0,2,21580,27766,-67,21580,27767,"
                              "-70,291019,FFFFFBFF,6#"),
                   ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        const DecodedMessage &m = out.messages.last();
        QCOMPARE(m.type, MessageType::Position);
        QVERIFY(!m.hasLocation);
        const Network n = Network::of(m.position.attributes);
        QCOMPARE(n.cellTowers.size(), 2);
        QCOMPARE(n.cellTowers[1], (CellTower { 234, 10, 21580, 27767, -70 }));
    }
};

FW_TEST_CLASS(TstNetwork)
#include "tst_network.moc"
