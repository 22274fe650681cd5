// The command queue's SMS rows (issue #14, SMS through a node), on SQLite and PostgreSQL: a node
// takes an SMS command (still queued, its name set) so no other node sends it too; only that
// node can mark it sent, a GPRS row cannot be taken as SMS, and a failure is recorded from the
// taken state.

#include "StorageTestSupport.h"
#include "TestMain.h"

#include "storage/CommandQueueTable.h"
#include "storage/Database.h"

using namespace fw;
using namespace fw::test;

class TestCommandQueueTable : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { addBackendRows(); }
    void smsRowIsTakenByOneNodeOnly();

private:
    StorageFixture m_fixture;
};

void TestCommandQueueTable::smsRowIsTakenByOneNodeOnly()
{
    FW_FRESH_CONFIG(m_fixture, config);
    Database db;
    QVERIFY2(db.open(config), qPrintable(db.lastError()));
    Device d;
    d.uniqueId = QStringLiteral("864717003283950");
    d.protocol = QStringLiteral("gt06");
    d.phone = QStringLiteral("+491701234567");
    QVERIFY2(db.addDevice(d), qPrintable(db.lastError()));
    CommandQueueTable table(db);

    QueuedCommand sms;
    sms.uniqueId = d.uniqueId;
    sms.type = QStringLiteral("reboot");
    sms.channel = QStringLiteral("sms");
    const qint64 id = table.queue(sms);
    QVERIFY2(id > 0, qPrintable(table.lastError()));

    QVERIFY(table.claimSms(id, QStringLiteral("A")));
    QVERIFY(!table.claimSms(id, QStringLiteral("B"))); // A has it
    std::optional<QueuedCommand> row = table.find(id);
    QVERIFY(row);
    QCOMPARE(row->status, QStringLiteral("queued")); // not sent until the gateway accepted it
    QCOMPARE(row->node, QStringLiteral("A"));
    QCOMPARE(row->sentAt, kNoTime);
    QVERIFY(!table.markSmsSent(id, QStringLiteral("B")));
    QVERIFY(table.markSmsSent(id, QStringLiteral("A")));
    row = table.find(id);
    QCOMPARE(row->status, QStringLiteral("sent"));
    QVERIFY(row->sentAt != kNoTime);
    QVERIFY(!table.markSmsSent(id, QStringLiteral("A"))); // once

    // A GPRS row is never taken as an SMS.
    QueuedCommand gprs = sms;
    gprs.channel = QStringLiteral("gprs");
    const qint64 gprsId = table.queue(gprs);
    QVERIFY(gprsId > 0);
    QVERIFY(!table.claimSms(gprsId, QStringLiteral("A")));
    QCOMPARE(table.find(gprsId)->node, QString());

    // The gateway refused: failed from the taken state, with its answer.
    const qint64 refused = table.queue(sms);
    QVERIFY(table.claimSms(refused, QStringLiteral("A")));
    QVERIFY(table.markFailed(refused, QStringLiteral("A"), QStringLiteral("HTTP 503")));
    row = table.find(refused);
    QCOMPARE(row->status, QStringLiteral("failed"));
    QCOMPARE(row->error, QStringLiteral("HTTP 503"));
    QVERIFY(!table.markSmsSent(refused, QStringLiteral("A")));
}

FW_TEST_CLASS(TestCommandQueueTable)

#include "tst_commandqueuetable.moc"
