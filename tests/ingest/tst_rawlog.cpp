// RawLog keeps the newest frames in a ring (issue #12: no allocation per frame): by count and by
// bytes the oldest go first, queries return the newest in order, and a ring that lost frames to
// the byte limit grows again in order.
#include "TestMain.h"

#include "ingest/RawLog.h"

#include <QTest>

using namespace fw;

namespace {
RawFrame frameOf(qsizetype bytes)
{
    RawFrame f;
    f.bytes = QByteArray(bytes, 'x');
    f.detail = QStringLiteral("frame");
    return f;
}

QList<quint64> seqs(const QList<RawFrame> &frames)
{
    QList<quint64> out;
    for (const RawFrame &f : frames)
        out.append(f.seq);
    return out;
}

QList<quint64> range(quint64 from, quint64 to)
{
    QList<quint64> out;
    for (quint64 s = from; s <= to; ++s)
        out.append(s);
    return out;
}
} // namespace

class TstRawLog : public QObject
{
    Q_OBJECT
private slots:
    void keepsTheNewestByCount();
    void growsInOrderAfterByteEviction();
};

void TstRawLog::keepsTheNewestByCount()
{
    RawLog log(10);
    for (int i = 0; i < 25; ++i)
        QCOMPARE(log.append(frameOf(10)), quint64(i + 1));
    QCOMPARE(log.size(), qsizetype(10));
    QCOMPARE(log.evicted(), quint64(15));
    QCOMPARE(seqs(log.query({})), range(16, 25));
    QCOMPARE(seqs(log.query({}, 3)), range(23, 25));
    RawLogFilter after;
    after.afterSeq = 20;
    QCOMPARE(seqs(log.query(after)), range(21, 25));
}

void TstRawLog::growsInOrderAfterByteEviction()
{
    RawLog log(10, 4096);
    // Big frames: only two fit the bytes at a time.
    for (int i = 0; i < 5; ++i)
        log.append(frameOf(1500));
    QCOMPARE(log.size(), qsizetype(2));
    QVERIFY(log.bytes() <= 4096);
    // Small ones fill it up to the frame limit, oldest first.
    for (int i = 0; i < 12; ++i)
        log.append(frameOf(10));
    QCOMPARE(log.size(), qsizetype(10));
    QCOMPARE(seqs(log.query({})), range(8, 17));
}

FW_TEST_CLASS(TstRawLog)
#include "tst_rawlog.moc"
