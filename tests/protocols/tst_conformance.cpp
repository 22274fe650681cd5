// Conformance against the public Traccar decoder samples in ../shared/vectors/traccar/ (read at
// run time when present). Samples of one test method are replayed in order on one connection,
// as they were recorded. Reports, per protocol, how many samples decode to the expected values,
// and requires at least 95% of the samples with expected coordinates to match.
#include "TestMain.h"

#include "protocols/ProtocolRegistry.h"
#include "protocols/SampleReplayer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <cmath>

using namespace fw;

namespace {
QString vectorsDir()
{
    const QByteArray env = qgetenv("FW_VECTORS_DIR");
    return env.isEmpty() ? QStringLiteral(FW_SHARED_DIR "/vectors/traccar")
                         : QString::fromLocal8Bit(env);
}

struct Tally
{
    int samples = 0;
    int decodedOk = 0; // no error
    int coordTotal = 0;
    int coordMatched = 0;
    int attrTotal = 0;
    int attrMatched = 0;
    int positionsExpected = 0; // verify position/positions
    int positionsProduced = 0;
    QStringList misses;
};

TimeMs parseExpectedTime(const QString &text)
{
    // "yyyy-MM-dd HH:mm:ss.SSS" in UTC
    QDateTime dt = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    dt.setTimeSpec(Qt::UTC);
    return dt.isValid() ? dt.toMSecsSinceEpoch() : kNoTime;
}

bool sameValue(const QJsonValue &expected, const QVariant &actual)
{
    if (!actual.isValid())
        return expected.isNull();
    if (expected.isDouble()) {
        bool ok = false;
        const double a = actual.toDouble(&ok);
        return ok && std::abs(a - expected.toDouble()) <= 1e-6 * std::max(1.0, std::abs(a));
    }
    if (expected.isBool())
        return actual.toBool() == expected.toBool() && actual.canConvert<bool>();
    if (expected.isString())
        return actual.toString() == expected.toString();
    return false;
}
} // namespace

class TstConformance : public QObject
{
    Q_OBJECT
private slots:
    void traccarVectors();
};

void TstConformance::traccarVectors()
{
    const QDir dir(vectorsDir());
    if (!dir.exists())
        QSKIP("../shared/vectors/traccar is not present; conformance not measured");
    const ProtocolRegistry registry;
    const QStringList inScope = { QStringLiteral("gt06"),   QStringLiteral("h02"),
                                  QStringLiteral("gps103"), QStringLiteral("teltonika"),
                                  QStringLiteral("osmand"), QStringLiteral("watch"),
                                  QStringLiteral("jt808") };
    int coordTotal = 0, coordMatched = 0;
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    for (const QString &protocol : inScope) {
        if (!registry.find(protocol))
            QFAIL(qPrintable(QStringLiteral("no decoder for in-scope protocol %1").arg(protocol)));
        QFile file(dir.filePath(protocol + QStringLiteral(".jsonl")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        SampleReplayer replayer(registry);
        Tally t;
        QString method;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const QJsonObject sample = QJsonDocument::fromJson(line).object();
            QVERIFY2(!sample.isEmpty(), line.constData());
            if (sample.value(QStringLiteral("stage")).toString() != u"protocol")
                continue;
            const QJsonObject source = sample.value(QStringLiteral("source")).toObject();
            const QString m = source.value(QStringLiteral("file")).toString()
                + source.value(QStringLiteral("method")).toString();
            if (m != method) {
                replayer.resetConnection(protocol);
                method = m;
            }
            ++t.samples;
            const ReplayOutput out = replayer.decodeJsonSample(sample, now);
            if (out.result.ok())
                ++t.decodedOk;
            const QString verify = sample.value(QStringLiteral("verify")).toString();
            const QJsonObject expected = sample.value(QStringLiteral("expected")).toObject();
            const int id = sample.value(QStringLiteral("id")).toInt();
            const DecodedMessage *first = nullptr;
            for (const DecodedMessage &msg : out.result.messages) {
                if (msg.hasLocation || !msg.position.attributes.isEmpty()) {
                    first = &msg;
                    break;
                }
            }
            if (verify == u"position" || verify == u"positions") {
                ++t.positionsExpected;
                if (first && first->hasLocation)
                    ++t.positionsProduced;
            }
            if (expected.contains(QStringLiteral("lat"))) {
                ++t.coordTotal;
                const TimeMs time = parseExpectedTime(expected.value(QStringLiteral("time")).toString());
                const bool match = first && first->hasLocation
                    && std::abs(first->position.latitude - expected.value(QStringLiteral("lat")).toDouble()) <= 1e-5
                    && std::abs(first->position.longitude - expected.value(QStringLiteral("lon")).toDouble()) <= 1e-5
                    && first->position.valid == expected.value(QStringLiteral("valid")).toBool()
                    && std::abs(first->position.deviceTime - time) < 1000;
                if (match)
                    ++t.coordMatched;
                else
                    t.misses << QStringLiteral("id %1 (%2)").arg(id).arg(
                        out.result.ok() ? QStringLiteral("values differ") : out.result.error);
            }
            if (expected.contains(QStringLiteral("attributes"))) {
                const QJsonObject attrs = expected.value(QStringLiteral("attributes")).toObject();
                for (auto it = attrs.begin(); it != attrs.end(); ++it) {
                    ++t.attrTotal;
                    QVariant actual;
                    if (first) {
                        if (it.key() == u"speed")
                            actual = first->position.speedKph / kKnotsToKph;
                        else if (it.key() == u"course")
                            actual = first->position.course;
                        else if (it.key() == u"altitude")
                            actual = first->position.altitude;
                        else
                            actual = first->position.attributes.value(it.key());
                    }
                    if (sameValue(it.value(), actual))
                        ++t.attrMatched;
                }
            }
        }
        qInfo("conformance %-10s samples %4d decoded %4d  coordinates %2d/%-2d  positions %3d/%-3d  "
              "attributes %3d/%-3d",
              qPrintable(protocol), t.samples, t.decodedOk, t.coordMatched, t.coordTotal,
              t.positionsProduced, t.positionsExpected, t.attrMatched, t.attrTotal);
        if (!t.misses.isEmpty())
            qInfo("  coordinate misses: %s", qPrintable(t.misses.join(QStringLiteral(", "))));
        coordTotal += t.coordTotal;
        coordMatched += t.coordMatched;
        QVERIFY(t.samples > 0);
    }
    qInfo("conformance total: %d of %d samples with expected coordinates match", coordMatched,
          coordTotal);
    QVERIFY(coordTotal > 0);
    QVERIFY2(coordMatched * 100 >= coordTotal * 95,
             qPrintable(QStringLiteral("only %1 of %2 match").arg(coordMatched).arg(coordTotal)));
}

FW_TEST_CLASS(TstConformance)
#include "tst_conformance.moc"
