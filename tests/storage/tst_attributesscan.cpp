// AttributesJson::findNumber()/findBool(): single values picked from stored attribute JSON
// without parsing it (the reports' read of ten million rows), only at the top level and never
// from inside a string value.
#include "TestMain.h"

#include "storage/AttributesJson.h"

#include <QTest>

#include <optional>

using namespace fw;

Q_DECLARE_METATYPE(std::optional<double>)
Q_DECLARE_METATYPE(std::optional<bool>)

class TestAttributesScan : public QObject
{
    Q_OBJECT
private slots:
    void findNumber_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<std::optional<double>>("expected");
        QTest::newRow("plain") << QByteArray("{\"odometer\":12345.5,\"ignition\":true}")
                               << std::optional<double>(12345.5);
        QTest::newRow("last") << QByteArray("{\"ignition\":true,\"odometer\":-3e2}")
                              << std::optional<double>(-300);
        QTest::newRow("spaces") << QByteArray("{ \"odometer\" : 7 }") << std::optional<double>(7);
        QTest::newRow("quoted number")
            << QByteArray("{\"odometer\":\"42\"}") << std::optional<double>(42);
        QTest::newRow("absent") << QByteArray("{\"ignition\":true}") << std::optional<double>();
        QTest::newRow("a longer key")
            << QByteArray("{\"odometerTrip\":5}") << std::optional<double>();
        QTest::newRow("inside a string")
            << QByteArray("{\"text\":\"\\\"odometer\\\":99\",\"x\":1}") << std::optional<double>();
        QTest::newRow("nested object")
            << QByteArray("{\"io\":{\"odometer\":3},\"odometer\":5}") << std::optional<double>(5);
        QTest::newRow("only nested")
            << QByteArray("{\"io\":[{\"odometer\":3}]}") << std::optional<double>();
        QTest::newRow("a value, then the key")
            << QByteArray("{\"note\":\"odometer\",\"odometer\":8}") << std::optional<double>(8);
        QTest::newRow("not a number")
            << QByteArray("{\"odometer\":\"far\"}") << std::optional<double>();
        QTest::newRow("truncated") << QByteArray("{\"odometer\":") << std::optional<double>();
        QTest::newRow("two numbers run together")
            << QByteArray("{\"odometer\":1-2}") << std::optional<double>();
        QTest::newRow("beyond a double")
            << QByteArray("{\"odometer\":1e400}") << std::optional<double>();
        QTest::newRow("leading plus")
            << QByteArray("{\"odometer\":+5.25}") << std::optional<double>(5.25);
        QTest::newRow("negative integer")
            << QByteArray("{\"odometer\":-42}") << std::optional<double>(-42);
        QTest::newRow("a lone minus") << QByteArray("{\"odometer\":-}") << std::optional<double>();
        QTest::newRow("sixteen digits") << QByteArray("{\"odometer\":1234567890123456}")
                                        << std::optional<double>(1234567890123456.0);
        QTest::newRow("long integer")
            << QByteArray("{\"odometer\":123456789012}") << std::optional<double>(123456789012.0);
        QTest::newRow("empty") << QByteArray() << std::optional<double>();
    }

    void findNumber()
    {
        QFETCH(QByteArray, json);
        QFETCH(std::optional<double>, expected);
        QCOMPARE(AttributesJson::findNumber(json, "odometer"), expected);
    }

    void findBool_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<std::optional<bool>>("expected");
        QTest::newRow("true") << QByteArray("{\"ignition\":true}") << std::optional<bool>(true);
        QTest::newRow("false") << QByteArray("{\"a\":1,\"ignition\":false}")
                               << std::optional<bool>(false);
        QTest::newRow("number") << QByteArray("{\"ignition\":1}") << std::optional<bool>();
        QTest::newRow("absent") << QByteArray("{\"motion\":true}") << std::optional<bool>();
    }

    void findBool()
    {
        QFETCH(QByteArray, json);
        QFETCH(std::optional<bool>, expected);
        QCOMPARE(AttributesJson::findBool(json, "ignition"), expected);
    }

    void agreesWithTheParser()
    {
        // Whatever the writer stores, the scan reads back as the full parser does.
        Attributes a;
        a.set(QStringLiteral("text"), QStringLiteral("odometer, ignition: \"x\""));
        a.set(QStringLiteral("odometer"), 1234567.25);
        a.set(QStringLiteral("ignition"), false);
        const QByteArray json = AttributesJson::write(a).toUtf8();
        QCOMPARE(AttributesJson::findNumber(json, "odometer"),
            std::optional<double>(AttributesJson::read(QString::fromUtf8(json))
                                      .value(QStringLiteral("odometer"))
                                      .toDouble()));
        QCOMPARE(AttributesJson::findBool(json, "ignition"), std::optional<bool>(false));
    }
};

FW_TEST_CLASS(TestAttributesScan)
#include "tst_attributesscan.moc"
