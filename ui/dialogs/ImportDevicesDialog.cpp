#include "ImportDevicesDialog.h"

#include "fleet/DeviceDirectory.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace fw {

namespace {
const QColor kErrorTint(0xd3, 0x3b, 0x2f, 64); // translucent: reads on light and dark bases
} // namespace

ImportDevicesDialog::ImportDevicesDialog(
    DeviceDirectory *directory, const DeviceModelCatalog *catalog, QWidget *parent)
    : QDialog(parent)
    , m_directory(directory)
    , m_catalog(catalog)
    , m_pathEdit(new QLineEdit(this))
    , m_table(new QTableWidget(0, PreviewColumnCount, this))
    , m_summary(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_importButton(new QPushButton(tr("&Import"), this))
{
    setObjectName(u"ImportDevicesDialog"_s);
    setWindowTitle(tr("Import Devices"));
    resize(900, 500);

    auto *intro = new QLabel(tr("A CSV file with a header row naming the columns: %1. "
                                "Only the id and name are required. The whole file is "
                                "imported, or nothing if any row has a problem.")
                                 .arg(DeviceCsv::acceptedHeaderNames()),
        this);
    intro->setWordWrap(true);

    m_pathEdit->setReadOnly(true);
    m_pathEdit->setObjectName(u"pathEdit"_s);
    m_pathEdit->setAccessibleName(tr("CSV file"));
    m_pathEdit->setPlaceholderText(tr("No file chosen"));
    auto *browse = new QPushButton(tr("&Choose File…"), this);
    browse->setAccessibleName(tr("Choose a CSV file"));
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_pathEdit, 1);
    fileRow->addWidget(browse);

    m_table->setObjectName(u"previewTable"_s);
    m_table->setAccessibleName(tr("Devices in the file"));
    m_table->setHorizontalHeaderLabels(
        { tr("Line"), tr("Unique id"), tr("Name"), tr("Model"), tr("Protocol"), tr("Phone"),
            tr("Carrier"), tr("Offline timeout"), tr("Group"), tr("Problem") });
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_summary->setObjectName(u"summaryLabel"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_importButton->setObjectName(u"importButton"_s);
    m_importButton->setEnabled(false);
    m_buttons->addButton(m_importButton, QDialogButtonBox::AcceptRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(fileRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);

    connect(browse, &QPushButton::clicked, this, &ImportDevicesDialog::chooseFile);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ImportDevicesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportDevicesDialog::reject);
}

void ImportDevicesDialog::chooseFile()
{
    QSettings settings;
    const QString dir = settings.value(u"ui/importDir"_s).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import Devices"), dir, tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(u"ui/importDir"_s, QFileInfo(path).absolutePath());
    loadFile(path);
}

bool ImportDevicesDialog::loadFile(const QString &path)
{
    m_pathEdit->setText(QDir::toNativeSeparators(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_result = DeviceCsvResult();
        m_result.errors.append({ 0, tr("Cannot open %1: %2").arg(path, file.errorString()) });
        showResult();
        return false;
    }
    m_result = DeviceCsv::parse(file, m_catalog);
    showResult();
    return canImport();
}

bool ImportDevicesDialog::loadData(const QByteArray &csv)
{
    m_result = DeviceCsv::parse(csv, m_catalog);
    showResult();
    return canImport();
}

void ImportDevicesDialog::showResult()
{
    m_directoryError.clear();
    // Ids already registered make the import fail as a whole: say so on their lines now.
    if (m_directory && !m_result.records.isEmpty()) {
        QSet<QString> existing;
        for (const Device &d : m_directory->devices())
            existing.insert(d.uniqueId);
        for (DeviceCsvRecord &rec : m_result.records) {
            if (rec.error.isEmpty() && existing.contains(rec.device.uniqueId)) {
                rec.error = tr("unique id %1 is already registered").arg(rec.device.uniqueId);
                m_result.errors.append({ rec.line, rec.error });
            }
        }
        std::stable_sort(m_result.errors.begin(), m_result.errors.end(),
            [](const DeviceCsvIssue &a, const DeviceCsvIssue &b) { return a.line < b.line; });
    }

    m_table->setRowCount(0);
    m_table->setRowCount(static_cast<int>(m_result.records.size()));
    for (int r = 0; r < m_result.records.size(); ++r) {
        const DeviceCsvRecord &rec = m_result.records.at(r);
        const Device &d = rec.device;
        const QStringList cells = {
            QString::number(rec.line),
            d.uniqueId,
            d.name,
            d.model,
            d.protocol,
            d.phone,
            d.carrier,
            d.offlineTimeoutSecs > 0 ? QString::number(d.offlineTimeoutSecs) : QString(),
            d.group,
            rec.error.isEmpty() ? rec.warning : rec.error,
        };
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (!rec.error.isEmpty()) {
                item->setBackground(kErrorTint);
                item->setToolTip(rec.error);
            } else if (!rec.warning.isEmpty()) {
                item->setToolTip(rec.warning);
            }
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_summary->setText(problemText());
    m_importButton->setEnabled(canImport());
}

QString ImportDevicesDialog::problemText() const
{
    if (m_result.errors.isEmpty()) {
        if (m_result.records.isEmpty())
            return QString();
        QString text = tr("%n device(s) ready to import.", nullptr,
                          static_cast<int>(m_result.records.size()));
        if (!m_result.warnings.isEmpty()) {
            text += u'\n'
                + tr("%n id(s) are not valid IMEIs and will be imported as they are; check "
                     "them against what the trackers send.",
                     nullptr, static_cast<int>(m_result.warnings.size()));
        }
        return text;
    }
    const int shown = 10;
    QStringList lines;
    for (int i = 0; i < m_result.errors.size() && i < shown; ++i) {
        const DeviceCsvIssue &e = m_result.errors.at(i);
        lines << (e.line > 0 ? tr("Line %1: %2").arg(QString::number(e.line), e.message)
                             : e.message);
    }
    if (m_result.errors.size() > shown) {
        const int more = static_cast<int>(m_result.errors.size() - shown);
        lines << tr("… and %n more problem(s).", nullptr, more);
    }
    return tr("Nothing will be imported until the file is corrected:") + u'\n' + lines.join(u'\n');
}

bool ImportDevicesDialog::canImport() const
{
    return m_result.ok() && !m_result.records.isEmpty();
}

QList<Device> ImportDevicesDialog::devicesToImport() const
{
    return canImport() ? m_result.devices() : QList<Device>();
}

void ImportDevicesDialog::accept()
{
    if (!canImport())
        return;
    const QList<Device> devices = devicesToImport();
    if (!m_directory) {
        m_directoryError = tr("No device directory is available.");
        m_summary->setText(m_directoryError);
        return;
    }
    // One all-or-nothing call: the dialog can only say that it is busy, not how far it got.
    const int count = static_cast<int>(devices.size());
    QProgressDialog progress(tr("Importing %n device(s)…", nullptr, count), QString(), 0, 0, this);
    progress.setWindowTitle(tr("Import Devices"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setValue(0);
    QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    const QString error = m_directory->importDevices(devices);
    progress.reset();
    if (!error.isEmpty()) {
        m_directoryError = error;
        m_summary->setText(tr("Nothing was imported: %1").arg(error));
        return;
    }
    QDialog::accept();
}

} // namespace fw
