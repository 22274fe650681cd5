// RawLog keeps the newest frames in a ring (issue #12: no allocation per frame): by count and by
// bytes the oldest go first, queries return the newest in order, and a ring that lost frames to
// the byte limit grows again in order. A full ring logs a frame's bytes in the buffer of the frame
// it evicted, never in bytes a reader still holds.
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
    void reusesTheEvictedBuffer();
    void neverWritesIntoBytesSomeoneHolds();
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

// Once the ring is full, a frame's bytes go into the buffer the evicted frame left behind.
void TstRawLog::reusesTheEvictedBuffer()
{
    RawLog log(2);
    QList<const char *> buffers;
    QList<QByteArray> blockers; // take any block just freed, so only a kept buffer comes back
    for (int i = 0; i < 6; ++i) {
        RawFrame f;
        for (int k = 0; k < 4; ++k) {
            blockers.append(QByteArray());
            blockers.last().reserve(64 + k); // the size a fresh bytes buffer has
        }
        f.bytes = log.copyBytes(QByteArray(20, char('a' + i)));
        QCOMPARE(f.bytes, QByteArray(20, char('a' + i)));
        buffers.append(f.bytes.constData());
        log.append(std::move(f));
    }
    // Frames 0 and 1 filled the ring; frame 2's append evicted frame 0, so frame 3 got its buffer.
    QCOMPARE(buffers.at(3), buffers.at(0));
    QCOMPARE(buffers.at(4), buffers.at(1));
    QCOMPARE(buffers.at(5), buffers.at(2));
    const QList<RawFrame> frames = log.query({});
    QCOMPARE(frames.size(), qsizetype(2));
    QCOMPARE(frames.at(0).bytes, QByteArray(20, 'e'));
    QCOMPARE(frames.at(1).bytes, QByteArray(20, 'f'));
    // A longer frame than the spare holds gets a buffer of its own, with the right bytes.
    QCOMPARE(log.copyBytes(QByteArray(300, 'z')), QByteArray(300, 'z'));
    QCOMPARE(log.copyBytes({}), QByteArray());
}

// Bytes a reader still holds (the console's copy of a frame) are never reused.
void TstRawLog::neverWritesIntoBytesSomeoneHolds()
{
    RawLog log(1);
    RawFrame first;
    first.bytes = log.copyBytes(QByteArray("first frame"));
    log.append(std::move(first));
    const QList<RawFrame> held = log.query({});
    RawFrame second;
    second.bytes = log.copyBytes(QByteArray("second one"));
    log.append(std::move(second)); // evicts the first, which `held` shares
    const QByteArray third = log.copyBytes(QByteArray("third frame"));
    QCOMPARE(held.at(0).bytes, QByteArray("first frame"));
    QVERIFY(third.constData() != held.at(0).bytes.constData());
    QCOMPARE(third, QByteArray("third frame"));
}

FW_TEST_CLASS(TstRawLog)
#include "tst_rawlog.moc"
