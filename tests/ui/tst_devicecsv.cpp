// DeviceCsv: the device list CSV shared by `devices import` and the import dialog.
#include "TestMain.h"

#include "domain/DeviceModelCatalog.h"
#include "fleet/DeviceCsv.h"

#include <QBuffer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

class DeviceCsvTest : public QObject
{
    Q_OBJECT

private slots:
    void parsesGoodFile()
    {
        const QByteArray csv = "uniqueId,name,model,protocol,phone,carrier,offlineTimeout,group\n"
                               "490154203237518,Truck 1,Concox GT06N,gt06,+4912345,Vodafone,600,"
                               "North\n"
                               "N0CALL-9,APRS car,,aprs,,,,\n";
        const fw::DeviceModelCatalog catalog;
        QBuffer buffer;
        buffer.setData(csv);
        const fw::DeviceCsvResult r = fw::DeviceCsv::parse(buffer, &catalog);
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        const QList<fw::Device> devices = r.devices();
        QCOMPARE(devices.size(), 2);
        QCOMPARE(devices.at(0).uniqueId, u"490154203237518"_s);
        QCOMPARE(devices.at(0).name, u"Truck 1"_s);
        QCOMPARE(devices.at(0).model, u"Concox GT06N"_s);
        QCOMPARE(devices.at(0).protocol, u"gt06"_s);
        QCOMPARE(devices.at(0).phone, u"+4912345"_s);
        QCOMPARE(devices.at(0).carrier, u"Vodafone"_s);
        QCOMPARE(devices.at(0).offlineTimeoutSecs, 600);
        QCOMPARE(devices.at(0).group, u"North"_s);
        QCOMPARE(devices.at(1).uniqueId, u"N0CALL-9"_s);
        QCOMPARE(devices.at(1).offlineTimeoutSecs, 0);
        QCOMPARE(r.records.at(0).line, 2);
        QCOMPARE(r.records.at(1).line, 3);
    }

    void headerAnyOrderAnyCaseBomCrlf()
    {
        const QByteArray csv = "\xef\xbb\xbfNAME,UniqueID\r\nVan,ABC-1\r\n\r\nBus,ABC-2\r\n";
        const fw::DeviceCsvResult r = fw::DeviceCsv::parse(csv);
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.records.size(), 2);
        QCOMPARE(r.records.at(0).device.uniqueId, u"ABC-1"_s);
        QCOMPARE(r.records.at(0).device.name, u"Van"_s);
        QCOMPARE(r.records.at(1).line, 4); // the blank line 3 is skipped but counted
    }

    void quotedFields()
    {
        const QByteArray csv = "uniqueId,name,group\n"
                               "ABC-1,\"Smith, J.\",\"The \"\"A\"\" team\"\n"
                               "ABC-2,\"two\nlines\",  \"spaced\"  \n"
                               "ABC-3,\"\",x\n";
        const fw::DeviceCsvResult r = fw::DeviceCsv::parse(csv);
        QCOMPARE(r.records.size(), 3);
        QCOMPARE(r.records.at(0).device.name, u"Smith, J."_s);
        QCOMPARE(r.records.at(0).device.group, u"The \"A\" team"_s);
        QCOMPARE(r.records.at(1).device.name, u"two\nlines"_s);
        QCOMPARE(r.records.at(1).device.group, u"spaced"_s);
        QCOMPARE(r.records.at(2).line, 5); // the record on line 3 spans two lines
        QCOMPARE(r.errors.size(), 1); // ABC-3 has an empty (quoted) name
        QCOMPARE(r.errors.at(0).line, 5);
        QCOMPARE(r.devices().size(), 2);
    }

    void badRows_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        const QByteArray head = "uniqueId,name,model,protocol,offlineTimeout\n"
                                "490154203237518,Good,,,\n";
        QTest::newRow("field count") << head + "ABC-1,x\n" << 3 << u"expected 5 fields"_s;
        QTest::newRow("empty name") << head + "ABC-1,  ,,,\n" << 3 << u"name is empty"_s;
        QTest::newRow("duplicate id") << head + "490154203237518,Again,,,\n"
                                      << 3 << u"already used on line 2"_s;
        QTest::newRow("space in id") << head + "AB C,x,,,\n" << 3 << u"not acceptable"_s;
        QTest::newRow("unknown model") << head + "ABC-1,x,Nokia 3310,,\n"
                                       << 3 << u"unknown model"_s;
        QTest::newRow("unknown protocol") << head + "ABC-1,x,,foo,\n" << 3 << u"foo"_s;
        QTest::newRow("model protocol mismatch") << head + "ABC-1,x,Concox GT06N,h02,\n"
                                                 << 3 << u"speaks gt06"_s;
        QTest::newRow("timeout") << head + "ABC-1,x,,,-5\n" << 3 << u"offline timeout"_s;
        QTest::newRow("timeout text") << head + "ABC-1,x,,,ten\n" << 3 << u"offline timeout"_s;
        QTest::newRow("unterminated quote") << head + "ABC-1,\"x,,,\n" << 3 << u"not closed"_s;
        QTest::newRow("junk after quote") << head + "ABC-1,\"x\"y,,,\n" << 3 << u"closing quote"_s;
        QTest::newRow("unknown column")
            << QByteArray("uniqueId,name,colour\nA,b,c\n") << 1 << u"colour"_s;
        QTest::newRow("no name column") << QByteArray("uniqueId\nA\n") << 1 << u"name"_s;
        QTest::newRow("no id column")
            << QByteArray("name,group\nA,b\n") << 1 << u"id, uniqueId or imei"_s;
    }

    void badRows()
    {
        QFETCH(QByteArray, csv);
        QFETCH(int, line);
        QFETCH(QString, message);
        const fw::DeviceModelCatalog catalog;
        const fw::DeviceCsvResult r = fw::DeviceCsv::parse(csv, &catalog);
        QVERIFY(!r.ok());
        QCOMPARE(r.errors.size(), 1);
        QCOMPARE(r.errors.at(0).line, line);
        QVERIFY2(r.errors.at(0).message.contains(message), qPrintable(r.errors.at(0).message));
        QVERIFY(r.errorText().contains(u"line %1:"_s.arg(line)));
    }

    void headerNames_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("contract id") << QByteArray("id,name");
        QTest::newRow("uniqueId") << QByteArray("uniqueId,name");
        QTest::newRow("IMEI upper case") << QByteArray("IMEI,Name");
        QTest::newRow("spaces trimmed") << QByteArray("  imei , name  ");
        QTest::newRow("unique id spelt out") << QByteArray("Unique ID,NAME");
        QTest::newRow("offline-timeout") << QByteArray("id,name,offline-timeout");
    }

    void headerNames()
    {
        QFETCH(QByteArray, header);
        const QByteArray row
            = header.count(',') == 2 ? "353505220873067,H02,600\n" : "353505220873067,H02\n";
        const fw::DeviceCsvResult r = fw::DeviceCsv::parse(header + '\n' + row);
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.devices().size(), 1);
        QCOMPARE(r.devices().at(0).uniqueId, u"353505220873067"_s);
        QCOMPARE(r.devices().at(0).name, u"H02"_s);
        // The wrong IMEI check digit is a warning on its line, not an error.
        QCOMPARE(r.warnings.size(), 1);
        QCOMPARE(r.warnings.at(0).line, 2);
        QVERIFY(r.records.at(0).error.isEmpty());
        if (header.count(',') == 2)
            QCOMPARE(r.devices().at(0).offlineTimeoutSecs, 600);
    }

    void unknownHeaderListsAcceptedNames()
    {
        const fw::DeviceCsvResult r = fw::DeviceCsv::parse(QByteArray("serial,name\nA,b\n"));
        QVERIFY(!r.ok());
        const QString text = r.errorText();
        QVERIFY2(text.contains(u"\"serial\""_s), qPrintable(text));
        for (const QString &name : { u"id"_s, u"uniqueId"_s, u"imei"_s, u"name"_s, u"group"_s })
            QVERIFY2(text.contains(name), qPrintable(text));
    }

    void emptyAndHeaderOnly()
    {
        QVERIFY(!fw::DeviceCsv::parse(QByteArray()).ok());
        QVERIFY(!fw::DeviceCsv::parse(QByteArray("uniqueId,name\n")).ok());
        QVERIFY(!fw::DeviceCsv::parse(QByteArray("uniqueId,name\nA,\xff\xfe\n")).ok());
    }

    void writeThenParse()
    {
        fw::Device a;
        a.uniqueId = u"490154203237518"_s;
        a.name = u"Truck, \"big\""_s;
        a.model = u"Concox GT06N"_s;
        a.protocol = u"gt06"_s;
        a.phone = u"+7 900 000"_s;
        a.offlineTimeoutSecs = 900;
        a.group = u"line1\nline2"_s;
        fw::Device b;
        b.uniqueId = u"ABC-2"_s;
        b.name = u" padded "_s;
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(fw::DeviceCsv::write(buffer, { a, b }));
        const QByteArray data = buffer.data();
        QVERIFY(data.startsWith("uniqueId,name,model,protocol,phone,carrier,offlineTimeout,group"
                                "\r\n"));
        QVERIFY(data.contains("\"Truck, \"\"big\"\"\""));
        const fw::DeviceCsvResult r = fw::DeviceCsv::parse(data);
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.devices().size(), 2);
        QCOMPARE(r.devices().at(0), a);
        // Spaces around an unquoted value are trimmed on reading, so write() quotes them.
        QCOMPARE(r.devices().at(1), b);
    }
};

} // namespace

FW_TEST_CLASS(DeviceCsvTest)
#include "tst_devicecsv.moc"
