#pragma once
// ImportDevicesDialog: registers many trackers from a CSV file. It parses with fw::DeviceCsv
// (the same reader as `fleetwatch devices import`), previews every row with the problem found
// on its line, and imports only a clean file, all or nothing, through
// DeviceDirectory::importDevices.

#include "fleet/DeviceCsv.h"

#include <QDialog>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
QT_END_NAMESPACE

namespace fw {

class DeviceDirectory;
class DeviceModelCatalog;

class ImportDevicesDialog : public QDialog
{
    Q_OBJECT
public:
    enum PreviewColumn {
        LineColumn,
        IdColumn,
        NameColumn,
        ModelColumn,
        ProtocolColumn,
        PhoneColumn,
        CarrierColumn,
        TimeoutColumn,
        GroupColumn,
        ProblemColumn,
        PreviewColumnCount
    };

    ImportDevicesDialog(
        DeviceDirectory *directory, const DeviceModelCatalog *catalog, QWidget *parent = nullptr);

    // Reads and previews a file; returns false when it cannot be imported as it is.
    bool loadFile(const QString &path);
    bool loadData(const QByteArray &csv); // the same for data already in memory

    const DeviceCsvResult &parseResult() const { return m_result; }
    QList<Device> devicesToImport() const; // empty unless the whole file is good
    bool canImport() const;
    QTableWidget *previewTable() const { return m_table; }
    QString problemText() const; // what the summary line says
    QString directoryError() const { return m_directoryError; }

public slots:
    void chooseFile();
    void accept() override; // imports

private:
    void showResult();

    DeviceDirectory *m_directory;
    const DeviceModelCatalog *m_catalog;
    DeviceCsvResult m_result;
    QString m_directoryError;

    QLineEdit *m_pathEdit;
    QTableWidget *m_table;
    QLabel *m_summary;
    QDialogButtonBox *m_buttons;
    QPushButton *m_importButton;
};

} // namespace fw
