#include "DiagnosisPanel.h"

#include "dialogs/DeviceEditDialog.h"

#include <QApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fw {

namespace {
QColor severityColor(Finding::Severity s)
{
    switch (s) {
    case Finding::Critical:
        return QColor(0xd3, 0x3b, 0x2f);
    case Finding::Warning:
        return QColor(0xe0, 0xa0, 0x00);
    case Finding::Info:
        break;
    }
    return QColor(0x8a, 0x8f, 0x98);
}

QPixmap severityPixmap(Finding::Severity s, int size, qreal dpr)
{
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(1, 1, size - 2, size - 2);
    p.setPen(Qt::NoPen);
    p.setBrush(severityColor(s));
    if (s == Finding::Warning) {
        QPolygonF triangle;
        triangle << QPointF(r.center().x(), r.top()) << r.bottomRight() << r.bottomLeft();
        p.drawPolygon(triangle);
    } else {
        p.drawEllipse(r);
    }
    // A white mark: "!" for critical and warning, "i" for info.
    p.setPen(QPen(Qt::white, std::max(1.5, size / 8.0), Qt::SolidLine, Qt::RoundCap));
    const qreal x = r.center().x();
    if (s == Finding::Info) {
        p.drawLine(QPointF(x, r.top() + size * 0.45), QPointF(x, r.bottom() - size * 0.2));
        p.drawPoint(QPointF(x, r.top() + size * 0.25));
    } else {
        p.drawLine(QPointF(x, r.top() + size * 0.3), QPointF(x, r.bottom() - size * 0.35));
        p.drawPoint(QPointF(x, r.bottom() - size * 0.18));
    }
    return pm;
}

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? DiagnosisPanel::tr("yes") : DiagnosisPanel::tr("no");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 12);
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        bool simple = true;
        QStringList parts;
        for (const QJsonValue &e : a) {
            if (e.isObject() || e.isArray())
                simple = false;
            parts << valueText(e);
        }
        return simple ? parts.join(QStringLiteral(", "))
                      : DiagnosisPanel::tr("%n item(s)", "", int(a.size()));
    }
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return QStringLiteral("-");
}
} // namespace

DiagnosisPanel::DiagnosisPanel(
    DeviceDirectory *directory, const DeviceModelCatalog *catalog, QWidget *parent)
    : QDockWidget(tr("Diagnosis"), parent)
    , m_directory(directory)
    , m_catalog(catalog)
    , m_tree(new QTreeWidget)
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
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Finding"), tr("Action") });
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    layout->addWidget(m_tree, 1);
    setWidget(content);

    connect(m_refreshButton, &QPushButton::clicked, this, &DiagnosisPanel::refreshRequested);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString id = item->data(0, Qt::UserRole + 1).toString();
        if (!id.isEmpty())
            emit deviceActivated(id);
    });
}

QIcon DiagnosisPanel::severityIcon(Finding::Severity severity)
{
    QIcon icon;
    for (int size : { 16, 24, 32 }) {
        icon.addPixmap(severityPixmap(severity, size, 1.0));
        icon.addPixmap(severityPixmap(severity, size, 2.0));
    }
    return icon;
}

QString DiagnosisPanel::severityTitle(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Critical:
        return tr("Critical");
    case Finding::Warning:
        return tr("Warning");
    case Finding::Info:
        break;
    }
    return tr("Information");
}

QStringList DiagnosisPanel::evidenceLines(const QJsonObject &evidence)
{
    QStringList lines;
    for (auto it = evidence.constBegin(); it != evidence.constEnd(); ++it) {
        if (it.key() == u"samples" && it.value().isArray()) {
            const QJsonArray samples = it.value().toArray();
            lines << tr("samples: %n frame(s)", "", int(samples.size()));
            for (qsizetype i = 0; i < std::min<qsizetype>(samples.size(), 3); ++i) {
                const QJsonObject s = samples.at(i).toObject();
                const QString bytes = s.contains(QStringLiteral("hex"))
                    ? s.value(QStringLiteral("hex")).toString()
                    : s.value(QStringLiteral("text")).toString();
                QString line = QStringLiteral("  ") + s.value(QStringLiteral("peer")).toString()
                    + QStringLiteral(": ") + bytes.left(80);
                if (s.contains(QStringLiteral("looksLike")))
                    line += QStringLiteral("  ")
                        + tr("(looks like %1)")
                              .arg(s.value(QStringLiteral("looksLike")).toString());
                lines << line;
            }
            continue;
        }
        lines << tr("%1: %2").arg(it.key(), valueText(it.value()));
    }
    return lines;
}

void DiagnosisPanel::setFindings(const QList<Finding> &findings)
{
    m_findings = findings;
    m_tree->clear();
    QStringList banner;
    int serious = 0;
    for (const Finding &f : findings) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setIcon(0, severityIcon(f.severity));
        item->setText(0, f.title);
        item->setToolTip(0, severityTitle(f.severity) + QStringLiteral(": ") + f.title);
        item->setData(0, Qt::UserRole, f.id);
        item->setData(
            0, Qt::AccessibleTextRole, tr("%1: %2").arg(severityTitle(f.severity), f.title));
        if (!f.devices.isEmpty()) {
            auto *devices = new QTreeWidgetItem(item);
            QStringList shown = f.devices.mid(0, 20);
            if (f.devices.size() > 20)
                shown << tr("and %n more", "", int(f.devices.size() - 20));
            devices->setText(0, tr("Devices: %1").arg(shown.join(QStringLiteral(", "))));
            if (f.devices.size() == 1)
                devices->setData(0, Qt::UserRole + 1, f.devices.first());
        }
        auto *evidence = new QTreeWidgetItem(item, { tr("Evidence") });
        for (const QString &line : evidenceLines(f.evidence))
            new QTreeWidgetItem(evidence, { line });
        auto *action = new QTreeWidgetItem(item, { tr("What to do: %1").arg(f.action) });
        action->setToolTip(0, f.action);
        if (f.id == u"unknown-devices" && !f.devices.isEmpty()) {
            const QString id = f.devices.first();
            const QString protocol = f.evidence.value(QStringLiteral("protocol")).toString();
            auto *button = new QPushButton(tr("Register..."));
            button->setObjectName(QStringLiteral("registerButton"));
            button->setAccessibleName(tr("Register device %1").arg(id));
            button->setToolTip(tr("Register %1 as a new device").arg(id));
            connect(button, &QPushButton::clicked, this,
                [this, id, protocol] { openRegistration(id, protocol); });
            m_tree->setItemWidget(item, 1, button);
        }
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
    m_tree->expandToDepth(0);
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
