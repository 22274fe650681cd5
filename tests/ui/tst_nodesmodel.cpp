// The Nodes panel's model (issue #14, "the window has a Nodes panel"): a reading of the `nodes`
// table merged in place, checked by QAbstractItemModelTester: rows of new nodes inserted where
// their id sorts, rows of gone ones removed, dataChanged only for the cells (and roles) that
// changed, nothing at all for the same reading again; named roles as in `nodes --json`.

#include "TestMain.h"

#include "nodes/NodesModel.h"
#include "nodes/NodesPanel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace fw;

namespace {

NodeRecord node(const QString &id, qint64 connections, bool alive = true)
{
    NodeRecord n;
    n.id = id;
    n.host = QStringLiteral("host-") + id;
    n.ports.insert(QStringLiteral("gt06"), 5023);
    n.connections = connections;
    n.positionsPerSecond = 1.5;
    n.lastSeen = 1'700'000'000'000;
    n.serverNow = n.lastSeen + 1000;
    n.alive = alive;
    return n;
}

} // namespace

class TstNodesModel : public QObject
{
    Q_OBJECT

private slots:
    void mergesReadingsInPlace();
    void panelSummarisesAndIsNamed();
};

void TstNodesModel::mergesReadingsInPlace()
{
    NodesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &NodesModel::rowsInserted);
    QSignalSpy removed(&model, &NodesModel::rowsRemoved);
    QSignalSpy changed(&model, &NodesModel::dataChanged);
    QSignalSpy reset(&model, &NodesModel::modelReset);

    model.setNodes({ node(QStringLiteral("c"), 3), node(QStringLiteral("a"), 1) });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.index(0, NodesModel::IdColumn).data().toString(), QStringLiteral("a"));
    QCOMPARE(model.index(1, NodesModel::IdColumn).data().toString(), QStringLiteral("c"));

    // b appears between them: one row inserted at 1; a and c unchanged: no dataChanged.
    inserted.clear();
    changed.clear();
    model.setNodes({ node(QStringLiteral("a"), 1), node(QStringLiteral("b"), 2),
        node(QStringLiteral("c"), 3) });
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(model.rowOf(QStringLiteral("b")), 1);

    // c gains connections and goes silent: exactly those two cells, with their roles.
    model.setNodes({ node(QStringLiteral("a"), 1), node(QStringLiteral("b"), 2),
        node(QStringLiteral("c"), 7, false) });
    QCOMPARE(changed.size(), 2);
    QSet<int> columns;
    for (const QList<QVariant> &args : std::as_const(changed)) {
        const QModelIndex from = args.at(0).toModelIndex();
        QCOMPARE(from, args.at(1).toModelIndex());
        QCOMPARE(from.row(), 2);
        columns.insert(from.column());
        const QList<int> roles = args.at(2).value<QList<int>>();
        QVERIFY(roles.contains(Qt::DisplayRole));
        QVERIFY(roles.contains(from.column() == NodesModel::AliveColumn
                ? int(NodesModel::AliveRole)
                : int(NodesModel::ConnectionsRole)));
    }
    QCOMPARE(columns, (QSet<int> { NodesModel::AliveColumn, NodesModel::ConnectionsColumn }));
    QCOMPARE(model.index(2, 0).data(NodesModel::ConnectionsRole).toLongLong(), 7);
    QCOMPARE(model.index(2, 0).data(NodesModel::AliveRole).toBool(), false);
    QCOMPARE(model.aliveCount(), 2);

    // a goes away: one row removed at 0; the rest keep their data.
    changed.clear();
    model.setNodes({ node(QStringLiteral("b"), 2), node(QStringLiteral("c"), 7, false) });
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(model.index(0, NodesModel::IdColumn).data().toString(), QStringLiteral("b"));

    // The same reading again: silence.
    inserted.clear();
    removed.clear();
    model.setNodes({ node(QStringLiteral("c"), 7, false), node(QStringLiteral("b"), 2) });
    QCOMPARE(inserted.size() + removed.size() + changed.size() + reset.size(), 0);

    // Named roles, as `nodes --json` names the fields.
    const QHash<int, QByteArray> names = model.roleNames();
    QCOMPARE(names.value(NodesModel::IdRole), QByteArray("id"));
    QCOMPARE(names.value(NodesModel::PositionsPerSecondRole), QByteArray("positionsPerSecond"));
    QCOMPARE(names.value(NodesModel::LastSeenRole), QByteArray("lastSeen"));
    QCOMPARE(model.index(0, 0).data(NodesModel::PortsRole).toMap().value(QStringLiteral("gt06")),
        QVariant(5023));
    QCOMPARE(model.index(0, NodesModel::PortsColumn).data().toString(),
        QStringLiteral("gt06=5023"));
    model.setNodes({});
    QCOMPARE(model.rowCount(), 0);
}

void TstNodesModel::panelSummarisesAndIsNamed()
{
    NodesPanel panel;
    QCOMPARE(panel.objectName(), QStringLiteral("nodesDock"));
    QVERIFY(!panel.accessibleName().isEmpty());
    QVERIFY(!panel.table()->accessibleName().isEmpty());
    QVERIFY(panel.summary().contains(QStringLiteral("No ingest node")));
    panel.model()->setNodes(
        { node(QStringLiteral("a"), 1), node(QStringLiteral("b"), 0, false) });
    QCOMPARE(panel.summary(), QStringLiteral("1 of 2 node(s) alive"));
}

FW_TEST_CLASS(TstNodesModel)

#include "tst_nodesmodel.moc"
