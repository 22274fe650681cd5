#include "TroubleshooterDialog.h"

#include "FindingPresentation.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fw {

namespace {
QPixmap verdictPixmap(TroubleshootStep::Verdict v, int size, qreal dpr)
{
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(1, 1, size - 2, size - 2);
    const QColor colour = v == TroubleshootStep::Pass ? QColor(0x2e, 0x9e, 0x44)
        : v == TroubleshootStep::Fail                 ? QColor(0xd3, 0x3b, 0x2f)
                                                      : QColor(0x8a, 0x8f, 0x98);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawEllipse(r);
    p.setPen(
        QPen(Qt::white, std::max(1.5, size / 7.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    const qreal w = r.width();
    const QPointF o = r.topLeft();
    if (v == TroubleshootStep::Pass) {
        const QPointF tick[] = { o + QPointF(w * 0.27, w * 0.52), o + QPointF(w * 0.43, w * 0.68),
            o + QPointF(w * 0.73, w * 0.35) };
        p.drawPolyline(tick, 3);
    } else if (v == TroubleshootStep::Fail) {
        p.drawLine(o + QPointF(w * 0.32, w * 0.32), o + QPointF(w * 0.68, w * 0.68));
        p.drawLine(o + QPointF(w * 0.68, w * 0.32), o + QPointF(w * 0.32, w * 0.68));
    } else {
        p.drawLine(o + QPointF(w * 0.3, w * 0.5), o + QPointF(w * 0.7, w * 0.5));
    }
    return pm;
}
} // namespace

TroubleshooterDialog::TroubleshooterDialog(const QString &uniqueId, QWidget *parent)
    : QDialog(parent)
    , m_uniqueId(uniqueId)
    , m_header(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_rawButton(new QPushButton(tr("Show &raw frames"), this))
    , m_rerunButton(new QPushButton(tr("Check &again"), this))
{
    setObjectName(QStringLiteral("TroubleshooterDialog"));
    setWindowTitle(tr("Troubleshoot %1").arg(uniqueId));
    setAccessibleName(tr("Device troubleshooter"));
    resize(760, 520);
    m_header->setAccessibleName(tr("Device"));
    m_header->setText(tr("Device %1").arg(uniqueId));
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_summary->setAccessibleName(tr("Troubleshooting summary"));
    m_summary->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("stepList"));
    m_tree->setAccessibleName(tr("Troubleshooting steps"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Step"), tr("Result") });
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setWordWrap(true);
    m_rawButton->setAccessibleName(tr("Show the raw frames of this device"));
    m_rerunButton->setAccessibleName(tr("Run the checks again"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_rawButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_rerunButton, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_rawButton, &QPushButton::clicked, this,
        [this] { emit showRawFramesRequested(m_uniqueId); });
    connect(
        m_rerunButton, &QPushButton::clicked, this, [this] { emit rerunRequested(m_uniqueId); });
}

void TroubleshooterDialog::setDeviceTitle(const QString &title)
{
    m_header->setText(title);
}

QIcon TroubleshooterDialog::verdictIcon(TroubleshootStep::Verdict verdict)
{
    QIcon icon;
    for (int size : { 16, 24, 32 }) {
        icon.addPixmap(verdictPixmap(verdict, size, 1.0));
        icon.addPixmap(verdictPixmap(verdict, size, 2.0));
    }
    return icon;
}

QString TroubleshooterDialog::verdictTitle(TroubleshootStep::Verdict verdict)
{
    switch (verdict) {
    case TroubleshootStep::Pass:
        return tr("OK");
    case TroubleshootStep::Fail:
        return tr("Problem");
    case TroubleshootStep::CannotCheck:
        break;
    }
    return tr("Cannot be checked from here");
}

void TroubleshooterDialog::setSteps(const QList<TroubleshootStep> &steps)
{
    m_steps = steps;
    m_tree->clear();
    int failed = 0;
    int firstFailed = 0;
    for (const TroubleshootStep &s : steps) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setIcon(0, verdictIcon(s.verdict));
        item->setText(0, tr("%1. %2").arg(s.number).arg(s.question));
        item->setText(1, verdictTitle(s.verdict));
        item->setData(0, Qt::UserRole, verdictId(s.verdict));
        item->setData(0, Qt::AccessibleTextRole,
            tr("Step %1, %2: %3").arg(s.number).arg(verdictTitle(s.verdict), s.question));
        item->setToolTip(1, verdictTitle(s.verdict));
        new QTreeWidgetItem(item, { s.answer });
        if (!s.action.isEmpty())
            new QTreeWidgetItem(item, { tr("What to do: %1").arg(s.action) });
        if (!s.evidence.isEmpty()) {
            auto *evidence = new QTreeWidgetItem(item, { tr("Evidence") });
            for (const QString &line : FindingPresentation::evidenceLines(s.evidence))
                new QTreeWidgetItem(evidence, { line });
        }
        if (s.verdict == TroubleshootStep::Fail && failed++ == 0)
            firstFailed = s.number;
        item->setExpanded(s.verdict != TroubleshootStep::Pass);
    }
    m_summary->setText(failed == 0
            ? tr("No step found a problem.")
            : tr("%n step(s) found a problem; start with step %1.", "", failed).arg(firstFailed));
}

} // namespace fw
