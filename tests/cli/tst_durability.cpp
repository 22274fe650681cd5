// Acknowledgements are durable against power loss, not only against a crash (issue #11, point
// 13). A --headless node on SQLite runs under strace while a GT06 device sends one position at a
// time and waits for each acknowledgement. In the trace, every acknowledgement written to the
// device's socket must come after a sync (fsync/fdatasync) of the database file or its WAL that
// finished after the frame it acknowledges was read. With SQLite's WAL in synchronous=NORMAL a
// commit is not synced until the next checkpoint, and this test fails.

#include "CliTestSupport.h"
#include "TestMain.h"

#include "sim/Gt06FrameEncoder.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace fw;
using namespace fw::test;

namespace {

struct TraceEvent
{
    qsizetype start = 0; // line where the call began
    qsizetype end = 0; // line where it returned
    QString call; // "read", "fdatasync", ...
    QString text; // the whole call, unfinished and resumed parts joined
    qint64 result = -1;
};

// Joins strace -f's "<unfinished ...>" / "<... resumed>" pairs into one event per call.
QList<TraceEvent> parseTrace(const QString &trace)
{
    static const QRegularExpression head(QStringLiteral(R"(^(\d+)\s+(.*)$)"));
    static const QRegularExpression callName(QStringLiteral(R"(^([a-z0-9_]+)\()"));
    static const QRegularExpression resumed(
        QStringLiteral(R"(^<\.\.\. ([a-z0-9_]+) resumed>(.*)$)"));
    static const QRegularExpression result(QStringLiteral(R"(\)\s+=\s+(-?\d+))"));
    QList<TraceEvent> events;
    QHash<QString, TraceEvent> open; // per thread
    const QStringList lines = trace.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QRegularExpressionMatch h = head.match(lines.at(i));
        if (!h.hasMatch())
            continue;
        const QString tid = h.captured(1);
        const QString body = h.captured(2);
        TraceEvent e;
        if (const QRegularExpressionMatch r = resumed.match(body); r.hasMatch()) {
            if (!open.contains(tid))
                continue;
            e = open.take(tid);
            e.text += r.captured(2);
        } else if (const QRegularExpressionMatch c = callName.match(body); c.hasMatch()) {
            e.start = i;
            e.call = c.captured(1);
            e.text = body;
            if (body.endsWith(QLatin1String("<unfinished ...>"))) {
                e.text.chop(16);
                open.insert(tid, e);
                continue;
            }
        } else {
            continue;
        }
        e.end = i;
        const QRegularExpressionMatch rm = result.match(e.text);
        e.result = rm.hasMatch() ? rm.captured(1).toLongLong() : -1;
        events.append(e);
    }
    return events;
}

} // namespace

class TestDurability : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyAcknowledgementFollowsASync();

private:
    CliEnvironment m_env;
};

void TestDurability::initTestCase()
{
    QVERIFY(m_env.init());
}

void TestDurability::everyAcknowledgementFollowsASync()
{
    const QString strace = QStandardPaths::findExecutable(QStringLiteral("strace"));
    QVERIFY2(!strace.isEmpty(), "strace is needed (scripts/setup.sh installs it)");
    const QString imei = QStringLiteral("864717003283581");
    const QString file = m_env.path(QStringLiteral("durable.sqlite"));
    const QString db = QStringLiteral("sqlite:") + file;
    QCOMPARE(
        m_env
            .run({ QStringLiteral("devices"), QStringLiteral("add"), QStringLiteral("--id"), imei,
                QStringLiteral("--name"), QStringLiteral("Durable"), QStringLiteral("--db"), db })
            .exitCode,
        0);

    const quint16 port = freeLoopbackPort();
    QVERIFY(port);
    const QString traceFile = m_env.path(QStringLiteral("node.trace"));
    QProcess node;
    QByteArray nodeErr;
    connect(&node, &QProcess::readyReadStandardError, this,
        [&] { nodeErr += node.readAllStandardError(); });
    node.setProcessEnvironment(m_env.environment());
    node.start(strace,
        { QStringLiteral("-f"), QStringLiteral("-yy"), QStringLiteral("-s"), QStringLiteral("0"),
            QStringLiteral("-e"),
            QStringLiteral("trace=read,readv,recvfrom,recvmsg,write,writev,sendto,"
                           "sendmsg,fsync,fdatasync"),
            QStringLiteral("-o"), traceFile, m_env.executable(), QStringLiteral("--headless"),
            QStringLiteral("--db"), db, QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
            QStringLiteral("--listen"), QStringLiteral("gt06=%1").arg(port),
            QStringLiteral("--stats-interval"), QStringLiteral("0") });
    QVERIFY(node.waitForStarted(10000));
    QTRY_VERIFY2_WITH_TIMEOUT(
        nodeErr.contains("listening on 1 port(s)"), nodeErr.constData(), 60000);

    const Gt06FrameEncoder encoder;
    QTcpSocket device;
    device.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(device.waitForConnected(5000));
    const quint16 devicePort = device.localPort();
    device.write(encoder.login(imei, 1));
    QTRY_VERIFY_WITH_TIMEOUT(device.bytesAvailable() >= 10, 10000);
    device.readAll();
    constexpr int kPositions = 20;
    const TimeMs t0 = QDateTime::currentMSecsSinceEpoch() - kMinute;
    for (int k = 0; k < kPositions; ++k) {
        Position p;
        p.deviceTime = t0 + k * kSecond;
        p.valid = true;
        p.latitude = 52.2 + k * 1e-4;
        p.longitude = 21.0;
        device.write(encoder.position(imei, p, quint32(k + 2)));
        QTRY_VERIFY_WITH_TIMEOUT(device.bytesAvailable() >= 10, 10000);
        device.readAll();
    }
    device.disconnectFromHost();
    // strace blocks fatal signals when it writes to a file: the node itself is told to stop.
    QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(node.processId()));
    QVERIFY(children.open(QIODevice::ReadOnly));
    const qint64 nodePid = children.readAll().trimmed().split(' ').value(0).toLongLong();
    QVERIFY(nodePid > 0);
    QCOMPARE(::kill(pid_t(nodePid), SIGTERM), 0);
    QVERIFY(node.waitForFinished(60000));
    QCOMPARE(node.exitCode(), 0);
    QCOMPARE(m_env.exportCsv(db).size(), kPositions);

    QFile f(traceFile);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<TraceEvent> events = parseTrace(QString::fromUtf8(f.readAll()));
    QVERIFY(!events.isEmpty());
    // The device's connection as the node sees it: ...->127.0.0.1:<device's port>]
    const QString deviceSocket = QStringLiteral("->127.0.0.1:%1]").arg(devicePort);
    const auto onDevice = [&](const TraceEvent &e) { return e.text.contains(deviceSocket); };
    const auto isRead = [](const TraceEvent &e) {
        return e.call.startsWith(QLatin1String("read")) || e.call.startsWith(QLatin1String("recv"));
    };
    const auto isWrite = [](const TraceEvent &e) {
        return e.call.startsWith(QLatin1String("write"))
            || e.call.startsWith(QLatin1String("send"));
    };
    const auto isDatabaseSync = [&file](const TraceEvent &e) {
        return (e.call == u"fsync" || e.call == u"fdatasync") && e.result == 0
            && e.text.contains(file);
    };
    // In the order things took effect: data read and syncs when they returned, a reply when
    // it began (the sync has to be complete before the device can be told anything).
    const auto effect = [&](const TraceEvent &e) { return isWrite(e) ? e.start : e.end; };
    std::stable_sort(events.begin(), events.end(),
        [&](const TraceEvent &a, const TraceEvent &b) { return effect(a) < effect(b); });
    int framesRead = 0;
    int replies = 0;
    int syncs = 0;
    bool syncedSinceRead = true;
    QStringList unsynced;
    for (const TraceEvent &e : std::as_const(events)) {
        if (isDatabaseSync(e)) {
            ++syncs;
            syncedSinceRead = true;
        } else if (onDevice(e) && isRead(e) && e.result > 0) {
            ++framesRead;
            syncedSinceRead = false;
        } else if (onDevice(e) && isWrite(e) && e.result > 0) {
            ++replies;
            if (replies > 1 && !syncedSinceRead) // the first is the login's, nothing stored
                unsynced << e.text;
        }
    }
    qInfo("trace: %d frames read from the device, %d replies, %d database syncs", framesRead,
        replies, syncs);
    QCOMPARE(framesRead, kPositions + 1);
    QCOMPARE(replies, kPositions + 1);
    QVERIFY2(unsynced.isEmpty(),
        qPrintable(QStringLiteral("%1 acknowledgement(s) sent before the data was synced, "
                                  "e.g. %2")
                       .arg(unsynced.size())
                       .arg(unsynced.value(0))));
}

FW_TEST_CLASS(TestDurability)
#include "tst_durability.moc"
