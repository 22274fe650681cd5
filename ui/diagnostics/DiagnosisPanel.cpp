#include "DiagnosisPanel.h"

#include "DiagnosisModel.h"
#include "dialogs/DeviceEditDialog.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace fw {

DiagnosisPanel::DiagnosisPanel(
    DeviceDirectory *directory, const DeviceModelCatalog *catalog, QWidget *parent)
    : QDockWidget(tr("Diagnosis"), parent)
    , m_directory(directory)
    , m_catalog(catalog)
    , m_model(new DiagnosisModel(this))
    , m_tree(new QTreeView)
    , m_summary(new QLabel)
    , m_refreshButton(new QPushButton(tr("Check &now")))
{
    setObjectName(QStringLiteral("diagnosisDock"));
    setAccessibleName(tr("Diagnosis"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *top = new QHBoxLayout;
    m_summary->setAccessibleName(tr("Diagnosis summary"));
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Waiting for the first diagnosis..."));
    m_refreshButton->setAccessibleName(tr("Run the diagnosis now"));
    top->addWidget(m_summary, 1);
    top->addWidget(m_refreshButton);
    layout->addLayout(top);
    m_tree->setObjectName(QStringLiteral("findingList"));
    m_tree->setAccessibleName(tr("Findings"));
    m_tree->setModel(m_model);
    m_tree->header()->setSectionResizeMode(DiagnosisModel::TitleColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(
        DiagnosisModel::ActionColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->setTextElideMode(Qt::ElideNone);
    // Rows wrap to the column's width: lay them out again when the column changes width.
    connect(m_tree->header(), &QHeaderView::sectionResized, m_tree, [this](int column) {
        if (column == DiagnosisModel::TitleColumn)
            m_tree->doItemsLayout();
    });
    layout->addWidget(m_tree, 1);
    setWidget(content);

    connect(m_refreshButton, &QPushButton::clicked, this, &DiagnosisPanel::refreshRequested);
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(DiagnosisModel::DeviceIdRole).toString();
        const bool unknown
            = index.data(DiagnosisModel::FindingIdRole).toString() == u"unknown-devices";
        if (!id.isEmpty() && !unknown)
            emit deviceActivated(id);
    });
    // New findings open (what the operator collapsed stays collapsed); unknown devices get a
    // "Register..." button beside them, which stays as long as the finding does.
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &where, int first, int last) {
            if (where.isValid())
                return;
            for (int row = first; row <= last; ++row) {
                m_tree->expand(m_model->index(row, 0));
                addRegisterButton(row);
            }
        });
}

void DiagnosisPanel::addRegisterButton(int row)
{
    const QModelIndex index = m_model->index(row, DiagnosisModel::ActionColumn);
    if (index.data(DiagnosisModel::FindingIdRole).toString() != u"unknown-devices")
        return;
    const QString id = index.data(DiagnosisModel::DeviceIdRole).toString();
    if (id.isEmpty())
        return;
    const QString protocol = index.data(DiagnosisModel::ProtocolRole).toString();
    auto *button = new QPushButton(tr("Register..."));
    button->setObjectName(QStringLiteral("registerButton"));
    button->setAccessibleName(tr("Register device %1").arg(id));
    button->setToolTip(tr("Register %1 as a new device").arg(id));
    connect(button, &QPushButton::clicked, this,
        [this, id, protocol] { openRegistration(id, protocol); });
    m_tree->setIndexWidget(index, button);
}

const QList<Finding> &DiagnosisPanel::findings() const
{
    return m_model->findings();
}

void DiagnosisPanel::setFindings(const QList<Finding> &findings)
{
    m_model->setFindings(findings);
    QStringList banner;
    int serious = 0;
    for (const Finding &f : findings) {
        if (f.severity >= Finding::Warning) {
            ++serious;
            // Ports that cannot be bound are already in the banner with their bind error.
            const bool bindError = f.id == u"listener-down"
                && !f.evidence.value(QStringLiteral("listening")).toBool(true);
            if (!bindError)
                banner << f.title;
        }
    }
    if (findings.isEmpty())
        m_summary->setText(tr("No problems found."));
    else if (serious == 0)
        m_summary->setText(tr("%n note(s), nothing that needs action.", "", int(findings.size())));
    else
        m_summary->setText(tr("%n problem(s) need attention.", "", serious));
    QString text;
    if (banner.size() > 3) {
        const qsizetype more = banner.size() - 3;
        banner.resize(3);
        banner << tr("%n more problem(s) in the Diagnosis panel.", "", int(more));
    }
    if (!banner.isEmpty())
        text = tr("Diagnosis: %1").arg(banner.join(QStringLiteral("\n")));
    if (text != m_bannerText) {
        m_bannerText = text;
        emit bannerTextChanged(text);
    }
}

void DiagnosisPanel::openRegistration(const QString &uniqueId, const QString &protocol)
{
    if (m_registration)
        m_registration->close();
    auto *dialog = new DeviceEditDialog(m_directory, m_catalog, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // Register mode with the id filled in (setDevice() would switch to editing an existing
    // record, which this id does not have yet).
    if (auto *id = dialog->findChild<QLineEdit *>(QStringLiteral("uniqueIdEdit")))
        id->setText(uniqueId);
    if (auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")))
        name->setText(protocol.isEmpty() ? uniqueId : tr("%1 (%2)").arg(uniqueId, protocol));
    dialog->setWindowTitle(tr("Register Device %1").arg(uniqueId));
    connect(dialog, &QDialog::accepted, this,
        [this, dialog] { emit deviceRegistered(dialog->device().uniqueId); });
    m_registration = dialog;
    dialog->open();
}

} // namespace fw
