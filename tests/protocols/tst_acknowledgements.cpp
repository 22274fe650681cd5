// Golden acknowledgements: the exact bytes the server answers to each GT06 and JT/T 808 frame
// type that needs an answer (the vectors carry no replies). The expected bytes follow the
// protocol documents' layouts:
//   GT06: 7878 05 <type> <serial of the frame> <CRC-ITU of length..serial> 0d0a (the short
//   form), 7979 0005 ... for the long form; the CRC was computed apart from the decoder (the
//   GT06 document's login example 7878 05 01 0005 9ff8 0d0a is the first row).
//   JT/T 808: 0x8001 <serial of the frame> <its type> 00, with the device's phone number, our
//   serial (0 on a new connection), the XOR check byte and 0x7d/0x7e escaping.
//   Ruptela: length 0002, 100 + the command answered (100 for records of both kinds), 01, and
//   the CRC-16/KERMIT of those two bytes (the records row is the well-known 0002640113bc).
//   Galileosky: 02 (07 for a photo part) and the packet's own checksum, as it was received.
#include "TestMain.h"

#include "protocols/GalileoDecoder.h"
#include "protocols/Gt06Decoder.h"
#include "protocols/Jt808Decoder.h"
#include "protocols/RuptelaDecoder.h"

#include <QTest>

using namespace fw;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

} // namespace

class TstAcknowledgements : public QObject
{
    Q_OBJECT
private slots:
    void gt06_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("document example: login serial 5")
            << hex("78780d0101234567890123450005caf90d0a") << hex("7878050100059ff80d0a");
        QTest::newRow("login")
            << hex("78780d01086471700328358100093f040d0a")
            << hex("78780501000955940d0a");
        QTest::newRow("heartbeat 0x23")
            << hex("78780b23c00122040001000818720d0a")
            << hex("787805230008f29e0d0a");
        QTest::newRow("status 0x13")
            << hex("7878131340b2fa000201040000000000011c00400e550d0a")
            << hex("787805130040ba7c0d0a");
        QTest::newRow("gps 0x10")
            << hex("7878121011091c0b1b2999058508040097a89e0034520d0a")
            << hex("787805109e0094510d0a");
        QTest::newRow("alarm 0x16")
            << hex("78782616170a080c0e24c0027c58ad0c2b8b0100454e0901cc0025030328e7a0"
               "005d4b13021ec373170d0a")
            << hex("787805161ec33ad30d0a");
        QTest::newRow("gps 0x22")
            << hex("78782f221709130f3a32cc02c55f2a089f9afc005c2101360481fe066d9b0300"
               "0000000025d4000000000020002d036049d70d0a")
            << hex("7878052203606d640d0a");
        QTest::newRow("alarm 0x26")
            << hex("78782526160913063918c002780fab0c44750f00040008027f14084c00384206"
               "00030c020007398e0d0a")
            << hex("78780526000733d40d0a");
        QTest::newRow("alarm 0x27")
            << hex("78782627100419092d07c5027ac91c0c46580000053709000000000000000080"
               "02001900ff00004df60d0a")
            << hex("7878052700001db70d0a");
        QTest::newRow("lbs status 0x19")
            << hex("78781219012ed042cc00954d00040419000056fe290d0a")
            << hex("787805190056bcb10d0a");
        QTest::newRow("lbs alarm 0xa5")
            << hex("787819a5012ed0000075df000000000098661502050413000019a12b0d0a")
            << hex("787805a5001929a30d0a");
        QTest::newRow("gps 0xa0")
            << hex("787829a01707150f2d0ecd01635100041e96d000087c02d4020000912e000000"
               "000718798d000e0006ed3ce50d0a")
            << hex("787805a006edf5650d0a");
        QTest::newRow("fence 0xa4")
            << hex("78782da41a0509160203cf05be31f80c306530001c0010012ed000007ef40000"
               "000006428b074205041302ff0009389c0d0a")
            << hex("787805a4000963fe0d0a");
        QTest::newRow("4g status 0x36")
            << hex("787817360005040002003201010018020192006a015f0324aeaf0d0a")
            << hex("7878053603248fb00d0a");
        QTest::newRow("ibutton 0x61")
            << hex("78782e610869412070143950190a1e0d3806c802b0eb0f0561ecdc00d80002d4"
               "04000004215f0e000001395581000d1ca60d0a")
            << hex("78780561000d16fd0d0a");
        QTest::newRow("alarm 0x95")
            << hex("78780c95130a071223200100013ad10d0a")
            << hex("78780595000133c40d0a");
        QTest::newRow("string 0x15")
            << hex("7878281520000000003c49434349443a38393838323339303030303039373330"
               "323635303e00020d446f260d0a")
            << hex("787805150d449af90d0a");
        QTest::newRow("info 0x94")
            << hex("7878079404eb001c705d0d0a")
            << hex("78780594001ca27c0d0a");
        QTest::newRow("lbs 0x28")
            << hex("78783b2810010d02020201cc00287d001f713e287d001f7231287d001e232d28"
               "7d001f4018000000000000000000000000000000000000ff00020005b14b0d0a")
            << hex("78780528000500dd0d0a");
        QTest::newRow("lbs wifi 0x2c")
            << hex("7878412c11030b011c1f013604cb8a00b17754cb8a00bef357cb8a00b73f5fcb"
               "8900b0e25fcb8900b6655fcb8a00b74960cb8a00b178620701001801eb403938"
               "00bbbde10d0a")
            << hex("7878052c00bb3f490d0a");
        QTest::newRow("modular 7979 0x70")
            << hex("7979001f70002c00046919c641007f000ec4a82841074a7fff64012201dc071e"
               "a430360d0a")
            << hex("787805701ea4fefe0d0a");
        QTest::newRow("az735 7979 0x32")
            << hex("7979003e32110707083819000901fe0a060f006a1e3f24000000000000000000"
               "0000000000000000000000000000000000000000000000000000000000000121"
               "16ba0d0a")
            << hex("79790005320121bb650d0a");
        QTest::newRow("az735 alarm 7979 0x33")
            << hex("797900143311070609020b00000000a0030046000109e4610d0a")
            << hex("797900053301094cf30d0a");
        QTest::newRow("device status 7979 0xf1")
            << hex("79790026f16318c0000001010100020101000301000004010100050201950006"
               "010010000100008021af0d0a")
            << hex("787805f10080c0690d0a");
        QTest::newRow("peripheral 7979 0xf2")
            << hex("79790016f26718e430000c0a470000000010020000000024bff50d0a")
            << hex("787805f20024cc230d0a");
        QTest::newRow("wifi 0x69 echo")
            << hex("7878006919012105090303028f01007549e05a00bc9c5c5a007a8d1a5a0d0a")
            << hex("787800691901210509030d0a");
        QTest::newRow("time request 0x8a")
            << hex("7878058a000688290d0a")
            << hex("78780b8a18030f0a141e0006b0a10d0a");
        QTest::newRow("address 0x2a")
            << hex("78782e2a0f0c1d071139ca027ac8000c4658000014d831323532303133353332"
               "31373730373900000000000001002a6ece0d0a")
            << hex("79790015970b000000004e4126264e4126263023230000e61e0d0a");
    }
    void gt06()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, reply);
        const Gt06Decoder decoder;
        DecodeContext ctx;
        ctx.now = utcTime(2024, 3, 15, 10, 20, 30);
        if (static_cast<quint8>(frame.at(3)) != 0x01) // anything but a login needs one first
            ctx.uniqueId = QStringLiteral("123456789012345");
        DecodeResult out;
        decoder.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply.toHex(), reply.toHex());
    }

    // Frames that must not be answered: replies to our commands, and the long-form frames
    // whose devices expect nothing.
    void gt06NoReply_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("command reply 0x80") << hex("787810800a000000015354415455530001425f0d0a");
        QTest::newRow("7979 info 0x94") << hex("79790008940b02e3048614200d0a");
        QTest::newRow("7979 4G location 0x38")
            << hex("7979003e3819050e0e0c26c5010fd98e0905f53000ccab0e000302c80100000c2400000000"
                   "00048b08001b002e04000015c4003b020000003c0401020001021f60220d0a");
    }
    void gt06NoReply()
    {
        QFETCH(QByteArray, frame);
        const Gt06Decoder decoder;
        DecodeContext ctx;
        ctx.uniqueId = QStringLiteral("123456789012345");
        DecodeResult out;
        decoder.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QVERIFY(out.reply.isEmpty());
    }

    void jt808_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("heartbeat 0x0002")
            << hex("7e000200000139123456780007357e")
            << hex("7e8001000501391234567800000007000200b17e");
        QTest::newRow("logout 0x0003")
            << hex("7e000300000139123456780007347e")
            << hex("7e8001000501391234567800000007000300b07e");
        QTest::newRow("authentication 0x0102")
            << hex("7e010200060139123456780007313233343536357e")
            << hex("7e8001000501391234567800000007010200b07e");
        QTest::newRow("location 0x0200")
            << hex("7e0200001c0139123456780007000000000000000301dc8a00073d8b85000c02"
               "5d010e240610141320007e")
            << hex("7e8001000501391234567800000007020000b17e");
        QTest::newRow("batch 0x0704")
            << hex("7e070400210139123456780007000100001c000000000000000301dc8a00073d"
               "8b85000c025d010e240610141320217e")
            << hex("7e8001000501391234567800000007070400b07e");
        QTest::newRow("battery report 0x0210")
            << hex("7e02100007013912345678000755240610141320627e")
            << hex("7e8001000501391234567800000007021000a17e");
        QTest::newRow("time zone sync 0x1007")
            << hex("7e10070001013912345678000708297e")
            << hex("7e8001000501391234567800000007100700a47e");
        QTest::newRow("text report 0x6006")
            << hex("7e600600030139123456780007004f4b567e")
            << hex("7e8001000501391234567800000007600600d57e");
        QTest::newRow("photo 0x8888")
            << hex("7e88880001013912345678000701377e")
            << hex("7e8001000501391234567800000007888800b37e");
        QTest::newRow("transparent 0x0900")
            << hex("7e0900000601391234567800074068656c6c6f1a7e")
            << hex("7e8001000501391234567800000007090000ba7e");
        QTest::newRow("command result 0x0701")
            << hex("7e070100060139123456780007000000024f4b317e")
            << hex("7e8001000501391234567800000007070100b57e");
        QTest::newRow("register 0x0100")
            << hex("7e01000025013912345678000700000000000000000000000000000000000000"
               "000000000000000000000000000000000000137e")
            << hex("7e8100000f0139123456780000000700303133393132333435363738ba7e");
        QTest::newRow("time request 0x0109")
            << hex("7e0109000001391234567800073f7e")
            << hex("7e81090008013912345678000007e8060a060e00005b7e");
        QTest::newRow("compact 0x5501 (bit 15)")
            << hex("7e55018c418560090010174701022106242122348476113550490700001c0600"
               "0000074e0000000000000308100000100102020200000a030000000b08033638"
               "39363037650c0600000001000afa7e")
            << hex("7e4401000385600900101700550100f97e");
    }
    void jt808()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, reply);
        const Jt808Decoder decoder;
        DecodeContext ctx;
        ctx.now = utcTime(2024, 6, 10, 6, 14, 0);
        DecodeResult out;
        decoder.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply.toHex(), reply.toHex());
    }

    void ruptela_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("records 1")
            << hex("00560003116e7438a7a50100015565cbb9000020fd21300f113f4600005f000600090d0908"
                   "05011b13cf00020003001c012029ad00041d31dd1e0ebd160000c50000047200000000d000"
                   "0000004100016a2a960000a5a300c9ee")
            << hex("0002640113bc");
        QTest::newRow("extended records 68")
            << hex("033d000315bc70f9b69244000858068f3b0030010d11354e1c0c17a5055d54560c00000900"
                   "050c0005010031f30032fb0033f300ce00002400002500001c010199000195010196010086"
                   "000900aa0000001e0ff300d3ffff0043ffff01930000019200000194000002220000022300"
                   "000200300000000000af000e872401008e000000000000000058068f3b0031010d11354e1c"
                   "0c17a5055d54560c00000900050400870000880000a90000820010008b0000021e0000021f"
                   "0000021d0000021c0000022400000225000000890000008500000220000002210000008300"
                   "000084000002260000022700000228000003008a00000000008d00000000008c0000000000"
                   "58068f3b0032010d11354e1c0c17a5055d54560c000009000505019f01005800001b1f00ad"
                   "0000cfac0b02290000022a0000022b0000022c0000022d00000012000000130000001d31b1"
                   "00c5000000740000023e0502060097000000000096000058520041007746be00d0000003f1"
                   "005c0007c2150072001864880058068f3b0033010d11354e1c0c17a5055d54560c00000900"
                   "0500000001008e000000000000000058068f3b0130000d11354e1c0c17a5055d54560d0000"
                   "0900070c0005010031f30032fb0033f300ce00002400002500001c01019900019501019601"
                   "0086000900aa0000001e0ff300d3ffff0043ffff0193000001920000019400000222000002"
                   "2300000200300000000000af000e872401008e000000000000000058068f3b0131000d1135"
                   "4e1c0c17a5055d54560d00000900070400870000880000a90000820010008b0000021e0000"
                   "021f0000021d0000021c000002240000022500000089000000850000022000000221000000"
                   "8300000084000002260000022700000228000003008a00000000008d00000000008c000000"
                   "000058068f3b0132000d11354e1c0c17a5055d54560d000009000705019f01005800001b1f"
                   "00ad0000cfac0b02290000022a0000022b0000022c0000022d00000012000000130000001d"
                   "31ae00c5000000740000023e0502060097000000000096000058520041007746be00d00000"
                   "03f1005c0007c2150072001864880058068f3b0133000d11354e1c0c17a5055d54560d0000"
                   "09000700000001008e0000000000000000084d")
            << hex("0002640113bc");
        QTest::newRow("trouble codes 9")
            << hex("003000000b1a29f64b1a0902ff4e9caf2c07d608f11a1480ba015030303130ff4e9caf2c07"
                   "d608f11a1480ba0250303031318c91")
            << hex("00026d01c4a4");
        QTest::newRow("identification 15")
            << hex("002e000316d53d58d6020f4573303430302e30332e36382e30340000c2b3090d0e950000827b"
                   "000003e80000003c003c1681")
            << hex("00027301cb25");
        QTest::newRow("heartbeat 16") << hex("0009000316d53d58d60210d41c") << hex("00027401862d");
    }
    void ruptela()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, reply);
        const RuptelaDecoder decoder;
        DecodeContext ctx;
        DecodeResult out;
        decoder.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply.toHex(), reply.toHex());
    }

    void galileo_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("head packet")
            << hex("011780011102e603383633353931303238393630323437043200801c") << hex("02801c");
        QTest::newRow("command answer")
            << hex("012a0003383633353931303233353137333732046600e000000000e1104f555428332e2e3029"
                   "203d2031313130bb29")
            << hex("02bb29");
        QTest::newRow("photo part") << hex("07060000ffd8ffe000fbae") << hex("07fbae");
    }
    void galileo()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, reply);
        const GalileoDecoder decoder;
        DecodeContext ctx;
        DecodeResult out;
        decoder.decode(frame, ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(out.reply.toHex(), reply.toHex());
    }

    // The id without leading zeros is offered as the alternative id.
    void jt808AlternativeId()
    {
        const Jt808Decoder decoder;
        DecodeContext ctx;
        DecodeResult out;
        decoder.decode(hex("7e000200000139123456780007357e"), ctx, out);
        QVERIFY2(out.ok(), qPrintable(out.error));
        QCOMPARE(ctx.uniqueId, QStringLiteral("013912345678"));
        QCOMPARE(ctx.alternativeId, QStringLiteral("13912345678"));
    }
};

FW_TEST_CLASS(TstAcknowledgements)
#include "tst_acknowledgements.moc"
