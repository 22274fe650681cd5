// The raw log keeps a decoded frame's summary as values and writes the text only when someone
// reads the log (issue #12): the text must be the very line the console showed before, which
// was messageSummary() of the first message plus "(+N more)", or the no-message line.
#include "TestMain.h"

#include "ingest/FrameSummary.h"
#include "ingest/RawLog.h"
#include "protocols/MessageJson.h"

#include <QTest>

Q_DECLARE_METATYPE(fw::DecodeResult)

using namespace fw;

namespace {
const QString kId = QStringLiteral("864717003283581");

// The summary as IngestServer wrote it into every frame before it became lazy.
QString eagerSummary(const DecodeResult &result, const QString &uniqueId)
{
    if (result.messages.isEmpty())
        return QStringLiteral("no message (acknowledged frame)");
    QString s = messageSummary(result.messages.first(), uniqueId);
    if (result.messages.size() > 1)
        s += QStringLiteral(" (+%1 more)").arg(result.messages.size() - 1);
    return s;
}

DecodedMessage location(bool valid)
{
    DecodedMessage m;
    m.type = MessageType::Position;
    m.hasLocation = true;
    m.position.uniqueId = kId;
    m.position.deviceTime = utcTime(2026, 1, 5, 6, 7, 8);
    m.position.valid = valid;
    m.position.latitude = 52.123456;
    m.position.longitude = -21.5;
    m.position.speedKph = 41.6;
    m.position.attributes.set(attr::ignition, true);
    return m;
}
} // namespace

class TstFrameSummary : public QObject
{
    Q_OBJECT
private slots:
    void sameTextAsBefore_data();
    void sameTextAsBefore();
    void rawLogWritesTheText();
};

void TstFrameSummary::sameTextAsBefore_data()
{
    QTest::addColumn<DecodeResult>("result");
    QTest::addColumn<QString>("uniqueId");
    DecodeResult none;
    QTest::newRow("no message") << none << kId;
    DecodeResult one;
    one.messages.append(location(true));
    QTest::newRow("valid location") << one << kId;
    DecodeResult invalid;
    invalid.messages.append(location(false));
    QTest::newRow("invalid location") << invalid << QString();
    DecodeResult alarm;
    DecodedMessage a = location(true);
    a.type = MessageType::Event;
    a.position.attributes.set(attr::alarm, alarm::sos);
    a.text = QStringLiteral("alarm: sos");
    alarm.messages.append(a);
    QTest::newRow("alarm with text") << alarm << kId;
    DecodeResult login;
    DecodedMessage l;
    l.type = MessageType::Login;
    l.text = QStringLiteral("login ") + kId;
    login.messages.append(l);
    QTest::newRow("login, id from the connection") << login << kId;
    DecodeResult several;
    several.messages.append(location(true));
    several.messages.append(location(false));
    several.messages.append(location(true));
    QTest::newRow("three messages") << several << kId;
}

void TstFrameSummary::sameTextAsBefore()
{
    QFETCH(DecodeResult, result);
    QFETCH(QString, uniqueId);
    const FrameSummary summary = FrameSummary::of(result, uniqueId);
    QVERIFY(summary.present);
    QCOMPARE(summary.toText(), eagerSummary(result, uniqueId));
}

void TstFrameSummary::rawLogWritesTheText()
{
    DecodeResult result;
    result.messages.append(location(true));
    RawLog log;
    RawFrame f;
    f.uniqueId = kId;
    f.summary = FrameSummary::of(result, kId);
    log.append(f);
    RawFrame error;
    error.outcome = FrameOutcome::Undecoded;
    error.detail = QStringLiteral("gt06: bad checksum");
    log.append(error);
    const QList<RawFrame> frames = log.query({});
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).detail, eagerSummary(result, kId));
    QCOMPARE(frames.at(1).detail, QStringLiteral("gt06: bad checksum"));
}

FW_TEST_CLASS(TstFrameSummary)
#include "tst_framesummary.moc"
