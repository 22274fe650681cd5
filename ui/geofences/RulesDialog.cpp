#include "RulesDialog.h"

#include "RuleListModel.h"
#include "notify/AlertText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace fw {

namespace {
QStringList splitList(const QString &text)
{
    return text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
}
enum DevicesMode { AllDevices, OneGroup, SomeDevices };
} // namespace

RulesDialog::RulesDialog(QWidget *parent)
    : QDialog(parent)
    , m_model(new RuleListModel(this))
{
    setObjectName(QStringLiteral("rulesDialog"));
    setWindowTitle(tr("Alert rules"));
    setAccessibleName(tr("Alert rules"));
    auto *layout = new QHBoxLayout(this);
    auto *left = new QVBoxLayout;
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("ruleTable"));
    m_table->setAccessibleName(tr("Rule list"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    left->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&New rule"), this);
    add->setAutoDefault(false);
    connect(add, &QPushButton::clicked, this, &RulesDialog::startNew);
    buttons->addWidget(add);
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setAutoDefault(false);
    m_remove->setToolTip(tr("Delete the selected rule"));
    connect(m_remove, &QPushButton::clicked, this, &RulesDialog::removeSelected);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    left->addLayout(buttons);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d33b2f"));
    m_problem->hide();
    left->addWidget(m_problem);
    layout->addLayout(left, 3);

    auto *editor = new QGroupBox(tr("Rule"), this);
    m_form = new QFormLayout(editor);
    m_name = new QLineEdit(editor);
    m_name->setAccessibleName(tr("Rule name"));
    m_form->addRow(tr("&Name:"), m_name);
    m_type = new QComboBox(editor);
    m_type->setAccessibleName(tr("What the rule watches"));
    for (const QString &id : AlertRule::typeIds())
        m_type->addItem(AlertText::typeTitle(id), id);
    m_form->addRow(tr("&Watches:"), m_type);
    m_geofence = new QComboBox(editor);
    m_geofence->setAccessibleName(tr("Geofence"));
    m_form->addRow(tr("&Geofence:"), m_geofence);
    m_limit = new QSpinBox(editor);
    m_limit->setRange(0, 400);
    m_limit->setSuffix(tr(" km/h"));
    m_limit->setSpecialValueText(tr("the geofence's limit"));
    m_limit->setAccessibleName(tr("Speed limit"));
    m_form->addRow(tr("&Limit:"), m_limit);
    m_after = new QSpinBox(editor);
    m_after->setRange(0, 30 * 24 * 3600);
    m_after->setSuffix(tr(" s"));
    m_after->setAccessibleName(tr("Minimum duration"));
    m_form->addRow(tr("&After:"), m_after);
    m_status = new QLineEdit(editor);
    m_status->setPlaceholderText(QStringLiteral("offline"));
    m_status->setAccessibleName(tr("Status"));
    m_form->addRow(tr("&Status:"), m_status);
    m_alarm = new QLineEdit(editor);
    m_alarm->setPlaceholderText(tr("any, sos, powerCut, lowBattery, tampering ..."));
    m_alarm->setAccessibleName(tr("Alarm"));
    m_form->addRow(tr("Ala&rm:"), m_alarm);
    m_below = new QSpinBox(editor);
    m_below->setRange(1, 100);
    m_below->setValue(20);
    m_below->setSuffix(tr(" %"));
    m_below->setAccessibleName(tr("Battery level below"));
    m_form->addRow(tr("&Below:"), m_below);
    m_everyKm = new QDoubleSpinBox(editor);
    m_everyKm->setRange(0, 1'000'000);
    m_everyKm->setDecimals(0);
    m_everyKm->setSuffix(tr(" km"));
    m_everyKm->setAccessibleName(tr("Service every kilometres"));
    m_form->addRow(tr("Every &km:"), m_everyKm);
    m_everyHours = new QDoubleSpinBox(editor);
    m_everyHours->setRange(0, 100'000);
    m_everyHours->setDecimals(0);
    m_everyHours->setSuffix(tr(" h"));
    m_everyHours->setAccessibleName(tr("Service every engine hours"));
    m_form->addRow(tr("Every &hours:"), m_everyHours);
    m_devicesMode = new QComboBox(editor);
    m_devicesMode->addItems({ tr("All devices"), tr("One group"), tr("These devices") });
    m_devicesMode->setAccessibleName(tr("Devices the rule covers"));
    m_form->addRow(tr("&Devices:"), m_devicesMode);
    m_devices = new QLineEdit(editor);
    m_devices->setAccessibleName(tr("Group name or device ids"));
    m_form->addRow(QString(), m_devices);
    m_window = new QCheckBox(tr("Show in this &window"), editor);
    m_window->setChecked(true);
    m_form->addRow(tr("Tell:"), m_window);
    m_emails = new QLineEdit(editor);
    m_emails->setPlaceholderText(QStringLiteral("ops@example.org"));
    m_emails->setAccessibleName(tr("E-mail addresses"));
    m_form->addRow(tr("&E-mail:"), m_emails);
    m_webhooks = new QLineEdit(editor);
    m_webhooks->setPlaceholderText(QStringLiteral("https://hooks.example.org/fleet"));
    m_webhooks->setAccessibleName(tr("Webhook addresses"));
    m_form->addRow(tr("Web&hooks:"), m_webhooks);
    auto *save = new QPushButton(tr("&Save"), editor);
    save->setObjectName(QStringLiteral("saveButton"));
    save->setDefault(true);
    connect(save, &QPushButton::clicked, this, &RulesDialog::save);
    m_form->addRow(save);
    layout->addWidget(editor, 2);

    connect(m_type, &QComboBox::currentIndexChanged, this, &RulesDialog::updateFields);
    connect(m_devicesMode, &QComboBox::currentIndexChanged, this, &RulesDialog::updateFields);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        m_remove->setEnabled(!rows.isEmpty());
        if (!rows.isEmpty())
            editRule(m_model->rules().at(rows.first().row()));
    });
    m_remove->setEnabled(false);
    setGeofenceNames({});
    resize(900, 560);
    startNew();
}

QString RulesDialog::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

bool RulesDialog::isFieldShown(QWidget *field) const
{
    return m_form->isRowVisible(field);
}

void RulesDialog::setRules(const QList<AlertRule> &rules)
{
    m_model->setRules(rules);
    if (const int row = m_model->rowOf(m_replacing); row >= 0)
        m_table->selectRow(row);
}

void RulesDialog::setGeofenceNames(const QStringList &names)
{
    const QString current = m_geofence->currentData().toString();
    m_geofence->clear();
    m_geofence->addItem(tr("any geofence"), QString());
    for (const QString &n : names)
        m_geofence->addItem(n, n);
    m_geofence->setCurrentIndex(qMax(0, m_geofence->findData(current)));
}

void RulesDialog::setProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void RulesDialog::startNew()
{
    m_replacing.clear();
    m_table->clearSelection();
    editRule(AlertRule {});
    m_window->setChecked(true);
    m_name->setFocus();
}

void RulesDialog::editRule(const AlertRule &rule)
{
    m_replacing = rule.name;
    m_name->setText(rule.name);
    m_type->setCurrentIndex(qMax(0, m_type->findData(AlertRule::typeId(rule.type))));
    m_geofence->setCurrentIndex(qMax(0, m_geofence->findData(rule.geofence)));
    m_limit->setValue(static_cast<int>(rule.limitKph));
    m_after->setValue(static_cast<int>(rule.after / kSecond));
    m_status->setText(rule.status);
    m_alarm->setText(rule.alarm);
    m_below->setValue(rule.belowPercent > 0 ? static_cast<int>(rule.belowPercent) : 20);
    m_everyKm->setValue(rule.everyKm);
    m_everyHours->setValue(rule.everyHours);
    m_devicesMode->setCurrentIndex(!rule.group.isEmpty() ? OneGroup
            : !rule.devices.isEmpty()                    ? SomeDevices
                                                         : AllDevices);
    m_devices->setText(
        !rule.group.isEmpty() ? rule.group : rule.devices.join(QStringLiteral(", ")));
    QStringList emails, hooks;
    for (const QString &t : rule.targets) {
        if (t.startsWith(u"email:"))
            emails << t.mid(6);
        else if (t.startsWith(u"webhook:"))
            hooks << t.mid(8);
    }
    m_window->setChecked(rule.targets.contains(QStringLiteral("window")));
    m_emails->setText(emails.join(QStringLiteral(", ")));
    m_webhooks->setText(hooks.join(QLatin1Char(' ')));
    setProblem({});
    updateFields();
}

AlertRule RulesDialog::editedRule() const
{
    AlertRule r;
    r.name = m_name->text().trimmed();
    r.type = AlertRule::typeFromId(m_type->currentData().toString()).value_or(r.type);
    const auto shown = [this](QWidget *w) { return m_form->isRowVisible(w); };
    if (shown(m_geofence))
        r.geofence = m_geofence->currentData().toString();
    if (shown(m_limit))
        r.limitKph = m_limit->value();
    if (shown(m_after))
        r.after = m_after->value() * kSecond;
    if (shown(m_status))
        r.status = m_status->text().trimmed();
    if (shown(m_alarm))
        r.alarm = m_alarm->text().trimmed();
    if (shown(m_below))
        r.belowPercent = m_below->value();
    if (shown(m_everyKm)) {
        r.everyKm = m_everyKm->value();
        r.everyHours = m_everyHours->value();
    }
    if (m_devicesMode->currentIndex() == OneGroup)
        r.group = m_devices->text().trimmed();
    else if (m_devicesMode->currentIndex() == SomeDevices)
        r.devices = splitList(m_devices->text());
    if (m_window->isChecked())
        r.targets << QStringLiteral("window");
    for (const QString &e : splitList(m_emails->text()))
        r.targets << QStringLiteral("email:") + e;
    for (const QString &h : splitList(m_webhooks->text()))
        r.targets << QStringLiteral("webhook:") + h;
    return r;
}

void RulesDialog::save()
{
    const AlertRule r = editedRule();
    if (const QString reason = r.validate(); !reason.isEmpty())
        return setProblem(reason);
    if (m_devicesMode->currentIndex() != AllDevices && r.group.isEmpty() && r.devices.isEmpty())
        return setProblem(tr("Name the group or the devices the rule covers."));
    if (r.name != m_replacing && m_model->rowOf(r.name) >= 0)
        return setProblem(tr("There is already a rule called \"%1\".").arg(r.name));
    setProblem({});
    const QString replacing = m_replacing;
    m_replacing = r.name;
    emit saveRequested(r, replacing);
}

void RulesDialog::removeSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        emit removeRequested(rows.first().data(RuleListModel::NameRole).toString());
}

void RulesDialog::updateFields()
{
    const auto type = AlertRule::typeFromId(m_type->currentData().toString());
    const RuleType t = type.value_or(RuleType::GeofenceEnter);
    const bool geofence
        = t == RuleType::GeofenceEnter || t == RuleType::GeofenceExit || t == RuleType::Overspeed;
    m_form->setRowVisible(m_geofence, geofence);
    m_form->setRowVisible(m_limit, t == RuleType::Overspeed);
    m_form->setRowVisible(
        m_after, t == RuleType::Overspeed || t == RuleType::Offline || t == RuleType::Idle);
    m_form->setRowVisible(m_status, t == RuleType::Status);
    m_form->setRowVisible(m_alarm, t == RuleType::Alarm);
    m_form->setRowVisible(m_below, t == RuleType::LowBattery);
    m_form->setRowVisible(m_everyKm, t == RuleType::Maintenance);
    m_form->setRowVisible(m_everyHours, t == RuleType::Maintenance);
    m_form->setRowVisible(m_devices, m_devicesMode->currentIndex() != AllDevices);
    m_devices->setPlaceholderText(m_devicesMode->currentIndex() == OneGroup
            ? tr("group name")
            : tr("device ids, separated by commas"));
}

} // namespace fw
