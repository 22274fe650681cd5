#pragma once
// NodesPanel: the ingest nodes of a shared deployment in the window, as a dock (View menu):
// which nodes are alive by the database server's clock, their ports, open connections,
// positions per second and when each was last seen. It presents a NodesModel that something
// else fills (NodesController); it never reads the database itself.

#include <QDockWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QTableView;
QT_END_NAMESPACE

namespace fw {

class NodesModel;

class NodesPanel : public QDockWidget
{
    Q_OBJECT
public:
    explicit NodesPanel(QWidget *parent = nullptr);

    NodesModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString summary() const;

public slots:
    void setProblem(const QString &text); // a failed read; empty = none

private:
    void updateSummary();

    NodesModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
    QLabel *m_problem;
};

} // namespace fw
