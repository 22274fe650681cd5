// SMS replies of trackers: what each one means, and that unknown texts stay unrecognised.

#include "TestMain.h"

#include "commands/SmsReplyParser.h"

#include <QTest>

using namespace fw;

class TestSmsReplyParser : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("success");
        QTest::addColumn<QString>("explanationPart");

        QTest::newRow("connected") << "Connected to 203.0.113.7:5023 DEV0042" << "connected"
                                   << true << "about 10 minutes";
        QTest::newRow("connected, line breaks") << "Connected to\n203.0.113.7:5023\nDEV0042"
                                                << "connected" << true << "DEV0042";
        QTest::newRow("missing apn") << "Missing APN" << "missing-apn" << false << "APN";
        QTest::newRow("network error") << "Network connection error" << "network-error" << false
                                       << "internet";
        QTest::newRow("concox server") << "SERVER OK" << "server-set" << true << "server address";
        QTest::newRow("coban adminip") << "adminip ok" << "server-set" << true << "server";
        QTest::newRow("teltonika param") << "Param ID:2004 New Val:track.example.com"
                                         << "server-set" << true << "server";
        QTest::newRow("apn") << "APN OK" << "apn-set" << true << "APN";
        QTest::newRow("coban stop") << "Stop engine Succeed" << "engine-stopped" << true
                                    << "cut off";
        QTest::newRow("concox cut") << "Cut off the fuel supply: Success!" << "engine-stopped"
                                    << true << "cut off";
        QTest::newRow("resume") << "Resume engine Succeed" << "engine-resumed" << true << "again";
        QTest::newRow("timer") << "TIMER OK" << "interval-set" << true << "interval";
        QTest::newRow("reset") << "RESET OK" << "rebooting" << true << "restarting";
        QTest::newRow("position") << "Lat:N52.12345,Lon:E21.12345,Course:0.00,Speed:0.0"
                                  << "position" << true << "position";
        QTest::newRow("map link") << "http://maps.google.com/maps?q=52.1,21.2" << "position"
                                  << true << "position";
        QTest::newRow("password") << "Password err" << "wrong-password" << false << "password";
        QTest::newRow("error") << "Format error!" << "command-error" << false << "Format error!";
        QTest::newRow("ok") << "OK" << "ok" << true << "acknowledged";
        QTest::newRow("unknown") << "Hello there 42" << "unrecognised" << false
                                 << "\"Hello there 42\"";
        QTest::newRow("empty") << "" << "unrecognised" << false << "not one FleetWatch";
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QString, kind);
        QFETCH(bool, success);
        QFETCH(QString, explanationPart);
        const SmsReply r = SmsReplyParser::parse(text);
        QCOMPARE(smsReplyKindId(r.kind), kind);
        QCOMPARE(r.success, success);
        QCOMPARE(r.raw, text);
        QVERIFY2(r.explanation.contains(explanationPart), qPrintable(r.explanation));
    }

    void connected_fields()
    {
        const TimeMs at = utcTime(2024, 3, 15, 12, 0, 0);
        SmsReply r = SmsReplyParser::parse(QStringLiteral("Connected to 203.0.113.7:5023 DEV0042"),
                                           at);
        QCOMPARE(r.address, QStringLiteral("203.0.113.7"));
        QCOMPARE(r.port, quint16(5023));
        QCOMPARE(r.deviceId, QStringLiteral("DEV0042"));
        QCOMPARE(r.onlineUntil, at + 10 * kMinute);

        r = SmsReplyParser::parse(QStringLiteral("connected to track.example.com:5023"));
        QCOMPARE(r.address, QStringLiteral("track.example.com"));
        QCOMPARE(r.deviceId, QString());
        QCOMPARE(r.onlineUntil, kNoTime);

        r = SmsReplyParser::parse(QStringLiteral("Connected to [2001:db8::1]:5023 X1"));
        QCOMPARE(r.address, QStringLiteral("2001:db8::1"));
        QCOMPARE(r.port, quint16(5023));
        QCOMPARE(r.deviceId, QStringLiteral("X1"));
    }
};

FW_TEST_CLASS(TestSmsReplyParser)
#include "tst_smsreplyparser.moc"
