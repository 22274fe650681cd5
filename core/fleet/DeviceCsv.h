#pragma once
// DeviceCsv: the device list as CSV (RFC 4180 quoting, header row naming the columns), shared by
// `fleetwatch devices import` and the window's import dialog so both accept exactly the same
// files and report bad rows with the same line numbers. Parsing never touches the database:
// callers hand the result to DeviceDirectory::importDevices (all or nothing).

#include "domain/Device.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace fw {

class DeviceModelCatalog;

// One data record of the file. `line` is the 1-based line where the record starts (a quoted
// field may span lines). `error` is empty when the record is a good device.
struct DeviceCsvRecord
{
    int line = 0;
    QStringList fields; // as read, in header order
    Device device; // filled as far as the fields allowed
    QString error;
    QString warning; // accepted, but worth a look (an IMEI with a wrong check digit)
};

struct DeviceCsvIssue
{
    int line = 0; // 0 = the file as a whole
    QString message;
};

struct DeviceCsvResult
{
    QStringList header;
    QList<DeviceCsvRecord> records;
    QList<DeviceCsvIssue> errors; // every problem, header and rows, in line order
    QList<DeviceCsvIssue> warnings; // accepted rows worth a look, in line order

    bool ok() const { return errors.isEmpty(); }
    QList<Device> devices() const; // the good records
    QString errorText() const; // "line 3: ...\nline 7: ..."
    QString warningText() const; // the same for warnings
};

class DeviceCsv
{
    Q_DECLARE_TR_FUNCTIONS(fw::fleet) // the library's one context

public:
    // uniqueId,name,model,protocol,phone,carrier,offlineTimeout,group
    static QStringList columns();
    // Every header name parse() understands, for messages: "id (or uniqueId, imei), name, ...".
    static QString acceptedHeaderNames();
    static constexpr qint64 kMaxFileSize = 32 * 1024 * 1024;

    // Header names are matched case-insensitively, ignoring spaces, '-' and '_', and may come in
    // any order; the id column may be called id, uniqueId or imei. id and name are required,
    // unknown columns are an error that lists the accepted names. With a catalogue, model names must be known
    // (and are normalised to the catalogue's spelling). Ids must be unique within the file.
    static DeviceCsvResult parse(QIODevice &in, const DeviceModelCatalog *catalog = nullptr);
    static DeviceCsvResult parse(
        const QByteArray &utf8, const DeviceModelCatalog *catalog = nullptr);

    // Writes the header and one line per device (CRLF line ends, quoting only where needed).
    static bool write(QIODevice &out, const QList<Device> &devices, QString *error = nullptr);
    static QByteArray toCsv(const QList<Device> &devices);

    // Low-level pieces, exposed for tests and other CSV users.
    struct RawRecord
    {
        int line = 0;
        QStringList fields;
    };
    // Splits text into records; *error gets "line N: unterminated quoted field" etc.
    static QList<RawRecord> splitRecords(QStringView text, DeviceCsvIssue *error = nullptr);
    static QString quoteField(const QString &field);
};

} // namespace fw
