// A node that went silent (issue #14, "the diagnosis names a node that went silent"): judged on
// the database server's clock against the heartbeat allowance, one finding per silent node that
// names it, its host and when it was last seen; critical when no node reports at all.

#include "TestMain.h"

#include "diagnostics/NodeSilence.h"

#include <QTest>

using namespace fw;

class TstNodeSilence : public QObject
{
    Q_OBJECT

private slots:
    void namesTheSilentNode();
    void allSilentIsCritical();
};

void TstNodeSilence::namesTheSilentNode()
{
    const TimeMs now = 1'700'000'000'000;
    const TimeMs allowed = 20 * kSecond;
    const QList<NodeSighting> nodes {
        { QStringLiteral("north-1"), QStringLiteral("ingest-n"), now - 5 * kSecond, now },
        { QStringLiteral("south-1"), QStringLiteral("ingest-s"), now - 3 * kMinute, now },
        { QStringLiteral("edge"), QStringLiteral("ingest-e"), now - allowed, now }, // just in time
    };
    const QList<Finding> findings = silentNodeFindings(nodes, allowed);
    QCOMPARE(findings.size(), 1);
    const Finding &f = findings.first();
    QCOMPARE(f.id, QStringLiteral("node-silent"));
    QCOMPARE(f.severity, Finding::Warning);
    QVERIFY2(f.title.contains(QStringLiteral("south-1")), qPrintable(f.title));
    QVERIFY2(f.title.contains(toIso(now - 3 * kMinute)), qPrintable(f.title));
    QCOMPARE(f.evidence.value(QStringLiteral("node")).toString(), QStringLiteral("south-1"));
    QCOMPARE(f.evidence.value(QStringLiteral("host")).toString(), QStringLiteral("ingest-s"));
    QCOMPARE(f.evidence.value(QStringLiteral("silentSeconds")).toInt(), 180);
    QCOMPARE(f.evidence.value(QStringLiteral("allowedSeconds")).toInt(), 20);
    QVERIFY(f.action.contains(QStringLiteral("south-1")));
    QVERIFY(silentNodeFindings({ nodes.first() }, allowed).isEmpty());
    QVERIFY(silentNodeFindings({}, allowed).isEmpty());
}

void TstNodeSilence::allSilentIsCritical()
{
    const TimeMs now = 1'700'000'000'000;
    const QList<Finding> findings = silentNodeFindings(
        { { QStringLiteral("a"), QStringLiteral("h"), now - kMinute, now },
            { QStringLiteral("b"), QStringLiteral("h"), kNoTime, now } },
        20 * kSecond);
    QCOMPARE(findings.size(), 2);
    for (const Finding &f : findings)
        QCOMPARE(f.severity, Finding::Critical);
    QVERIFY(findings.at(1).title.contains(QStringLiteral("never")));
}

FW_TEST_CLASS(TstNodeSilence)

#include "tst_nodesilence.moc"
