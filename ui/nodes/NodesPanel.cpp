#include "NodesPanel.h"

#include "NodesModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace fw {

NodesPanel::NodesPanel(QWidget *parent)
    : QDockWidget(tr("Nodes"), parent)
    , m_model(new NodesModel(this))
{
    setObjectName(QStringLiteral("nodesDock"));
    setAccessibleName(tr("Ingest nodes"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    m_summary = new QLabel(body);
    m_summary->setAccessibleName(tr("Node summary"));
    m_summary->setWordWrap(true);
    m_problem = new QLabel(body);
    m_problem->setAccessibleName(tr("Node list problem"));
    m_problem->setWordWrap(true);
    m_problem->setForegroundRole(QPalette::BrightText);
    m_problem->hide();
    m_table = new QTableView(body);
    m_table->setObjectName(QStringLiteral("nodeTable"));
    m_table->setAccessibleName(tr("Node list"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Narrow screens (1366 px): columns fit their contents (again whenever rows change: a
    // header sized once keeps the first row's widths), the ports come last and take what is
    // left, scrolling sideways when a node listens on many.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->moveSection(header->visualIndex(NodesModel::PortsColumn), NodesModel::ColumnCount - 1);
    header->setStretchLastSection(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_problem);
    layout->addWidget(m_table, 1);
    setWidget(body);
    connect(m_model, &NodesModel::rowsInserted, this, &NodesPanel::updateSummary);
    connect(m_model, &NodesModel::rowsRemoved, this, &NodesPanel::updateSummary);
    connect(m_model, &NodesModel::dataChanged, this, &NodesPanel::updateSummary);
    for (const auto changed : { &NodesModel::rowsInserted, &NodesModel::rowsRemoved })
        connect(m_model, changed, m_table, &QTableView::resizeColumnsToContents);
    connect(m_model, &NodesModel::dataChanged, m_table, &QTableView::resizeColumnsToContents);
    updateSummary();
}

QString NodesPanel::summary() const
{
    return m_summary->text();
}

void NodesPanel::setProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void NodesPanel::updateSummary()
{
    const int total = m_model->rowCount();
    m_summary->setText(total == 0
            ? tr("No ingest node has reported to this database.")
            : tr("%1 of %n node(s) alive", nullptr, total).arg(m_model->aliveCount()));
}

} // namespace fw
