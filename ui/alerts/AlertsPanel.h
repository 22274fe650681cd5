#pragma once
// AlertsPanel: the alerts in the window, as a dock: a table of the recent alerts with the open
// ones in bold (live as the node raises them), "open only", and acknowledging the selected one
// with a note. The tray message and the sound for new alerts are switched here and persisted
// (alerts/trayMessage, alerts/sound). It presents the model and asks for changes by signal;
// the database work happens elsewhere.

#include <QDockWidget>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
QT_END_NAMESPACE

namespace fw {

class AlertListModel;

class AlertsPanel : public QDockWidget
{
    Q_OBJECT
public:
    explicit AlertsPanel(QWidget *parent = nullptr);

    AlertListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    qint64 selectedAlert() const; // 0 when none
    bool trayMessages() const;
    bool sound() const;

public slots:
    void setOpenOnly(bool openOnly);
    // Asks to acknowledge the selected alert with this note (no dialog).
    void acknowledgeSelected(const QString &note);
    void setProblem(const QString &text); // a failed database request; empty = none
    // Why this login may not acknowledge alerts (empty: it may): the button stays disabled
    // with the reason as its tooltip.
    void setAcknowledgeRefused(const QString &reason);

signals:
    void acknowledgeRequested(qint64 id, const QString &note);
    void deviceActivated(const QString &uniqueId);
    void reloadRequested();

private:
    void askForNote();
    void updateButtons();
    void updateSummary();

    AlertListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_summary;
    QLabel *m_problem;
    QCheckBox *m_openOnly;
    QCheckBox *m_tray;
    QCheckBox *m_sound;
    QPushButton *m_acknowledge;
    QString m_acknowledgeRefused;
};

} // namespace fw
