// Conformance against the public Traccar decoder samples in ../shared/vectors/traccar/ (read at
// run time when present). Samples of one test method are replayed in order on one connection,
// as they were recorded. Every check a sample carries is measured, per protocol:
//   positions - `position`/`positions` samples that give a location message passing the
//               sample's location check (exact time/fix/coordinates when given, else plausible);
//   values    - every expected value: each expected attribute (type and value), each exact
//               time/valid/lat/lon, and the outcome of `null`, `notnull` and `attributes` checks.
// A report with cell towers / Wi-Fi and no fix is a position in Traccar (its decoders fill in the
// last known location); ours leave that to the fleet (FleetState stores the last fix marked
// outdated), so a position message without coordinates but with a "network" counts as located
// for a `position` / `positions` check, without the plausibility rules (it has no fix to check).
// So does one its decoder marks `outdated` (a record without coordinates, which Traccar also
// places at the last known location): the fleet stores it the same way.
// Where the sample says the location is not checked (`check_location: false`: Traccar's position
// holds only the last known fix), any report with attributes (status, command result) counts.
// Samples marked `disabled` (tests Traccar keeps switched off) are not measured.
// The figures come from the vectors' own expectations; the minima below only stop regressions.
// FW_CONFORMANCE_VERBOSE=1 prints every miss with the expected and the decoded value.
#include "TestMain.h"

#include "domain/Network.h"
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

// Matched counts each protocol must keep (positions, values). gt06, jt808 and the new families
// must also reach 95% of their expected values (and the new families 95% of their positions).
struct Minimum
{
    const char *protocol;
    int positions;
    int values;
};
// Measured on the vectors of Traccar commit 9e5c458; see the table the test prints.
constexpr Minimum kMinimum[] = {
    { "gt06", 36, 153 },     { "h02", 61, 48 },    { "gps103", 55, 38 }, { "teltonika", 39, 10 },
    { "osmand", 12, 2 },     { "watch", 34, 23 },  { "jt808", 27, 86 },   { "tk103", 46, 33 },
    { "wialon", 12, 15 },  { "xexun", 31, 10 },
    { "tlt2h", 19, 7 },      { "meitrack", 37, 22 },
    { "eelink", 16, 14 },    { "suntech", 52, 35 },
    { "gl200", 114, 85 },    { "castel", 16, 31 },
    { "t800x", 10, 19 },     { "ruptela", 7, 6 },
    { "galileo", 9, 2 },
};
const QStringList kNinetyFivePercent = { QStringLiteral("gt06"), QStringLiteral("jt808"),
                                          QStringLiteral("tk103"), QStringLiteral("wialon"),
                                          QStringLiteral("xexun"), QStringLiteral("tlt2h"),
                                          QStringLiteral("meitrack"),
                                          QStringLiteral("castel"), QStringLiteral("eelink"),
                                          QStringLiteral("suntech"), QStringLiteral("t800x"),
                                          QStringLiteral("gl200"), QStringLiteral("watch"),
                                          QStringLiteral("ruptela"), QStringLiteral("galileo") };

struct Tally
{
    int samples = 0;
    int decodedOk = 0; // no error
    int positionTotal = 0; // verify position/positions
    int positionMatched = 0;
    int attrTotal = 0; // expected attribute values
    int attrMatched = 0;
    int exactTotal = 0; // exact time / valid / lat / lon values
    int exactMatched = 0;
    int outcomeTotal = 0; // null / notnull / attributes checks
    int outcomeMatched = 0;
    QStringList misses;

    int valueTotal() const { return attrTotal + exactTotal + outcomeTotal; }
    int valueMatched() const { return attrMatched + exactMatched + outcomeMatched; }
};

TimeMs parseExpectedTime(const QString &text)
{
    // "yyyy-MM-dd HH:mm:ss.SSS" in UTC
    QDateTime dt = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    dt.setTimeSpec(Qt::UTC);
    return dt.isValid() ? dt.toMSecsSinceEpoch() : kNoTime;
}

bool isNumber(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
        return true;
    default:
        return false;
    }
}

// Traccar compares with the Java type of the expected value: numbers must be numbers,
// booleans booleans, strings strings; `null` means the attribute is absent.
// Traccar's Network.equals: the radio type and the cell towers as a set (no Wi-Fi expected).
bool sameNetwork(const QJsonValue &expected, const QVariant &actual)
{
    const Network e = Network::fromVariant(expected.toObject().toVariantMap());
    const Network a = Network::fromVariant(actual);
    if (e.radioType != a.radioType || e.cellTowers.size() != a.cellTowers.size()
        || !a.wifiAccessPoints.isEmpty())
        return false;
    return std::all_of(e.cellTowers.begin(), e.cellTowers.end(),
                       [&a](const CellTower &t) { return a.cellTowers.contains(t); });
}

bool sameValue(const QJsonValue &expected, const QString &type, const QVariant &actual)
{
    if (type == u"network")
        return sameNetwork(expected, actual);
    if (type == u"null" || expected.isNull())
        return !actual.isValid();
    if (!actual.isValid())
        return false;
    if (type == u"boolean")
        return actual.typeId() == QMetaType::Bool && actual.toBool() == expected.toBool();
    if (type == u"string")
        return actual.typeId() == QMetaType::QString && actual.toString() == expected.toString();
    if (!isNumber(actual))
        return false;
    const double a = actual.toDouble();
    const double e = expected.toDouble();
    if (type == u"int" || type == u"long")
        return a == e;
    return std::abs(a - e) <= 1e-6 * std::max(1.0, std::abs(e));
}

QString shown(const QVariant &v)
{
    if (!v.isValid())
        return QStringLiteral("(absent)");
    return QStringLiteral("%1 (%2)").arg(v.toString(), QString::fromLatin1(v.typeName()));
}

// Traccar's plausibility rules for a location without exact expected values.
bool plausible(const Position &p, TimeMs now)
{
    const TimeMs t = p.deviceTime;
    return t != kNoTime && t > QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59), Qt::UTC)
                                     .toMSecsSinceEpoch()
        && t <= now + 25 * 3600 * 1000LL && p.latitude >= -90 && p.latitude <= 90
        && p.longitude >= -180 && p.longitude <= 180 && p.altitude >= -12262
        && p.altitude <= 18000 && p.speedKph / kKnotsToKph >= 0
        && p.speedKph / kKnotsToKph <= 869 && p.course >= 0 && p.course <= 360;
}

const DecodedMessage *firstReport(const DecodeResult &result)
{
    for (const DecodedMessage &msg : result.messages) {
        if (msg.hasLocation || !msg.position.attributes.isEmpty())
            return &msg;
    }
    return nullptr;
}

QVariant actualValue(const DecodedMessage *first, const QString &key)
{
    if (!first)
        return {};
    if (key == u"speed")
        return first->position.speedKph / kKnotsToKph;
    if (key == u"course")
        return first->position.course;
    if (key == u"altitude")
        return first->position.altitude;
    return first->position.attributes.value(key);
}

void checkSample(const QJsonObject &sample, const ReplayOutput &out, TimeMs now, Tally &t)
{
    const QString verify = sample.value(QStringLiteral("verify")).toString();
    const QJsonObject expected = sample.value(QStringLiteral("expected")).toObject();
    const int id = sample.value(QStringLiteral("id")).toInt();
    const bool ok = out.result.ok();
    const DecodedMessage *first = ok ? firstReport(out.result) : nullptr;
    const QString why = ok ? QString() : QStringLiteral(" [%1]").arg(out.result.error);
    auto miss = [&](const QString &what) {
        t.misses << QStringLiteral("id %1: %2%3").arg(id).arg(what, why);
    };

    if (verify == u"position" || verify == u"positions") {
        ++t.positionTotal;
        const bool checkLocation = sample.value(QStringLiteral("check_location")).toBool(true);
        const bool exact = expected.contains(QStringLiteral("lat"));
        int located = 0;
        bool allGood = true;
        for (const DecodedMessage &msg : out.result.messages) {
            const bool networkOnly = !msg.hasLocation && msg.type != MessageType::Status
                && (msg.position.attributes.contains(QStringLiteral("network"))
                    || msg.position.attributes.value(QStringLiteral("outdated")).toBool());
            // Traccar does not check the location here: its position only carries the last
            // known fix. Ours is any report of the device's state without a fix of its own.
            const bool reportOnly = !checkLocation && !msg.hasLocation
                && msg.type != MessageType::Heartbeat && msg.type != MessageType::Login
                && !msg.position.attributes.isEmpty();
            if ((networkOnly || reportOnly) && !exact) {
                ++located;
                continue;
            }
            if (!msg.hasLocation)
                continue;
            ++located;
            if (checkLocation && !exact && !plausible(msg.position, now))
                allGood = false;
            if (verify == u"position")
                break;
        }
        if (exact) {
            const Position *p = first && first->hasLocation ? &first->position : nullptr;
            const TimeMs time =
                parseExpectedTime(expected.value(QStringLiteral("time")).toString());
            const bool values[4] = {
                p && p->deviceTime == time,
                p && p->valid == expected.value(QStringLiteral("valid")).toBool(),
                p && std::abs(p->latitude - expected.value(QStringLiteral("lat")).toDouble()) <= 1e-5,
                p && std::abs(p->longitude - expected.value(QStringLiteral("lon")).toDouble()) <= 1e-5,
            };
            static const char *const names[4] = { "time", "valid", "lat", "lon" };
            for (int i = 0; i < 4; ++i) {
                ++t.exactTotal;
                if (values[i])
                    ++t.exactMatched;
                else
                    miss(QStringLiteral("exact %1 differs").arg(QLatin1String(names[i])));
                allGood = allGood && values[i];
            }
        }
        if (ok && located > 0 && allGood)
            ++t.positionMatched;
        else
            miss(QStringLiteral("%1 expected, %2 located message(s)%3")
                     .arg(verify)
                     .arg(located)
                     .arg(allGood ? QString() : QStringLiteral(", implausible")));
    } else if (verify == u"null" || verify == u"notnull" || verify == u"attributes") {
        ++t.outcomeTotal;
        bool matched = false;
        if (verify == u"null") {
            // Traccar's decoder gives nothing; so does ours when it refuses the frame (an
            // OsmAnd request without a device id is answered 400 and logged as not decoded).
            matched = std::none_of(out.result.messages.begin(), out.result.messages.end(),
                [](const DecodedMessage &m) { return m.hasLocation; });
        } else if (verify == u"notnull") {
            matched = ok && !out.result.messages.isEmpty();
        } else {
            matched = first && !first->position.attributes.isEmpty();
        }
        if (matched)
            ++t.outcomeMatched;
        else
            miss(QStringLiteral("%1 outcome not met").arg(verify));
    }

    const QJsonObject attrs = expected.value(QStringLiteral("attributes")).toObject();
    const QJsonObject types = expected.value(QStringLiteral("attribute_types")).toObject();
    for (auto it = attrs.begin(); it != attrs.end(); ++it) {
        ++t.attrTotal;
        const QVariant actual = actualValue(first, it.key());
        const QString type = types.value(it.key()).toString();
        if (sameValue(it.value(), type, actual)) {
            ++t.attrMatched;
        } else {
            miss(QStringLiteral("%1 expected %2 (%3), got %4")
                     .arg(it.key(), it.value().toVariant().toString(), type, shown(actual)));
        }
    }
}

QString ratio(int matched, int total)
{
    return QStringLiteral("%1/%2").arg(matched).arg(total);
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
    const bool verbose = qEnvironmentVariableIntValue("FW_CONFORMANCE_VERBOSE") == 1;
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    qInfo("| protocol  | samples | decoded | positions right | attributes | exact | outcomes "
          "| all values      |");
    QStringList failures;
    for (const Minimum &minimum : kMinimum) {
        const QString protocol = QLatin1String(minimum.protocol);
        if (!registry.find(protocol))
            QFAIL(qPrintable(QStringLiteral("no decoder for in-scope protocol %1").arg(protocol)));
        QFile file(dir.filePath(protocol + QStringLiteral(".jsonl")));
        if (!file.open(QIODevice::ReadOnly))
            QFAIL(qPrintable(QStringLiteral("cannot read %1").arg(file.fileName())));
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
            // Checks Traccar itself keeps disabled (placeholder expectations) are not measured.
            if (sample.value(QStringLiteral("disabled")).toBool())
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
            checkSample(sample, out, now, t);
        }
        const int values = t.valueMatched();
        const int valueTotal = t.valueTotal();
        qInfo("| %-9s | %7d | %7d | %15s | %10s | %5s | %8s | %8s %5.1f%% |", minimum.protocol,
              t.samples, t.decodedOk, qPrintable(ratio(t.positionMatched, t.positionTotal)),
              qPrintable(ratio(t.attrMatched, t.attrTotal)),
              qPrintable(ratio(t.exactMatched, t.exactTotal)),
              qPrintable(ratio(t.outcomeMatched, t.outcomeTotal)),
              qPrintable(ratio(values, valueTotal)),
              valueTotal > 0 ? 100.0 * values / valueTotal : 100.0);
        if (verbose) {
            for (const QString &miss : std::as_const(t.misses))
                qInfo("  %s %s", minimum.protocol, qPrintable(miss));
        }
        QVERIFY(t.samples > 0);
        if (t.positionMatched < minimum.positions || values < minimum.values)
            failures << QStringLiteral("%1 fell below its minimum (positions %2 < %3 or values "
                                       "%4 < %5)")
                            .arg(protocol)
                            .arg(t.positionMatched)
                            .arg(minimum.positions)
                            .arg(values)
                            .arg(minimum.values);
        if (kNinetyFivePercent.contains(protocol) && t.positionMatched * 100 < t.positionTotal * 95)
            failures << QStringLiteral("%1 decodes only %2 of %3 position samples (< 95%)")
                            .arg(protocol)
                            .arg(t.positionMatched)
                            .arg(t.positionTotal);
        if (kNinetyFivePercent.contains(protocol) && values * 100 < valueTotal * 95)
            failures << QStringLiteral("%1 matches only %2 of %3 expected values (< 95%)")
                            .arg(protocol)
                            .arg(values)
                            .arg(valueTotal);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("; "))));
}

FW_TEST_CLASS(TstConformance)
#include "tst_conformance.moc"
