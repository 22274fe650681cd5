#pragma once
// RulesDialog: the alert rules: a list, and an editor for one rule with the fields its type
// needs (the others are hidden), the devices it covers (all, a group or a list) and who is told
// (this window, e-mail addresses, webhooks). The rule is checked by the core's own validation
// before it is sent; saving and removing are requests by signal, the list comes back through
// setRules(). No database work here.

#include "alerts/AlertRule.h"

#include <QDialog>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
QT_END_NAMESPACE

namespace fw {

class RuleListModel;

class RulesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RulesDialog(QWidget *parent = nullptr);

    RuleListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *typeBox() const { return m_type; }
    QComboBox *geofenceBox() const { return m_geofence; }
    QSpinBox *afterBox() const { return m_after; }
    QSpinBox *limitBox() const { return m_limit; }
    QComboBox *devicesBox() const { return m_devicesMode; }
    QLineEdit *devicesEdit() const { return m_devices; }
    QCheckBox *windowBox() const { return m_window; }
    QLineEdit *emailEdit() const { return m_emails; }
    QLineEdit *webhookEdit() const { return m_webhooks; }
    QString problem() const;
    // Whether the editor row of this widget is shown for the current type.
    bool isFieldShown(QWidget *field) const;
    // The rule as the editor holds it now.
    AlertRule editedRule() const;

public slots:
    void setRules(const QList<fw::AlertRule> &rules);
    void setGeofenceNames(const QStringList &names);
    void setProblem(const QString &text);
    void startNew();
    void editRule(const fw::AlertRule &rule);
    void save();
    void removeSelected();

signals:
    void saveRequested(const fw::AlertRule &rule, const QString &replacing);
    void removeRequested(const QString &name);

private:
    void updateFields();

    RuleListModel *m_model;
    QTableView *m_table;
    QFormLayout *m_form;
    QLineEdit *m_name;
    QComboBox *m_type;
    QComboBox *m_geofence;
    QSpinBox *m_limit;
    QSpinBox *m_after;
    QLineEdit *m_status;
    QLineEdit *m_alarm;
    QSpinBox *m_below;
    QDoubleSpinBox *m_everyKm;
    QDoubleSpinBox *m_everyHours;
    QComboBox *m_devicesMode;
    QLineEdit *m_devices;
    QCheckBox *m_window;
    QLineEdit *m_emails;
    QLineEdit *m_webhooks;
    QLabel *m_problem;
    QPushButton *m_remove;
    QString m_replacing;
};

} // namespace fw
