// ModelChangeTrace (the diagnostic remote_bench reads): a line per full snapshot with its rows,
// then a line per changed row of each delta with the device's latest position time (-1: none),
// stamped on the monotonic clock; unchanged rows write nothing.
#include "TestMain.h"

#include "devicelist/DeviceListModel.h"
#include "devicelist/ModelChangeTrace.h"
#include "util/Clock.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

using namespace fw;

namespace {
constexpr TimeMs kNow = 1'700'000'000'000;

DeviceSnapshot device(int i, TimeMs positionAt)
{
    DeviceSnapshot s;
    s.device.uniqueId = QStringLiteral("id%1").arg(i);
    s.device.name = s.device.uniqueId;
    s.activity.uniqueId = s.device.uniqueId;
    s.activity.lastPositionAt = positionAt;
    s.activity.lastPacketAt = positionAt;
    return s;
}

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QList<QList<QByteArray>> linesOf(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QList<QByteArray>> lines;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.isEmpty())
            lines.append(line.split(' '));
    }
    return lines;
}
} // namespace

class TstModelChangeTrace : public QObject
{
    Q_OBJECT

private slots:
    void writesResetAndChangedRows()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("trace.txt"));
        ManualClock clock(kNow);
        DeviceListModel model(&clock);
        const qint64 before = steadyNs();
        auto *trace = new ModelChangeTrace(&model, path);
        QVERIFY(trace->isOpen());

        FleetDelta reset;
        reset.reset = true;
        for (int i = 0; i < 3; ++i)
            reset.changed << device(i, kNow - 10 * kSecond);
        model.applyDelta(reset);
        FleetDelta update;
        update.changed << device(2, kNow) << device(0, kNoTime) << device(1, kNow - 10 * kSecond);
        model.applyDelta(update); // id1 is unchanged

        const QList<QList<QByteArray>> lines = linesOf(path);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0).mid(1), (QList<QByteArray> { "reset", "3" }));
        // Rows in the model's order: id0 (row 0), then id2 (row 2).
        QCOMPARE(lines.at(1).mid(1), (QList<QByteArray> { "id0", "-1" }));
        QCOMPARE(lines.at(2).mid(1), (QList<QByteArray> { "id2", QByteArray::number(kNow) }));
        const qint64 after = steadyNs();
        for (const QList<QByteArray> &line : lines) {
            const qint64 at = line.at(0).toLongLong();
            QVERIFY(at >= before && at <= after);
        }
    }
};

FW_TEST_CLASS(TstModelChangeTrace)
#include "tst_modelchangetrace.moc"
