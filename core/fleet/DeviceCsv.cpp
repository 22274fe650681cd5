#include "DeviceCsv.h"

#include "domain/DeviceModelCatalog.h"

#include <QHash>
#include <QIODevice>
#include <QStringDecoder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

enum Column { ColId, ColName, ColModel, ColProtocol, ColPhone, ColCarrier, ColTimeout, ColGroup };
constexpr qint64 kMaxOfflineTimeoutSecs = 30 * 24 * 3600;

// "Unique ID", "offline-timeout" and "OFFLINE_TIMEOUT" all read as one name.
QString normalisedHeader(QStringView name)
{
    QString out;
    out.reserve(name.size());
    for (QChar c : name) {
        if (!c.isSpace() && c != u'-' && c != u'_')
            out.append(c.toLower());
    }
    return out;
}

// The column a header cell names, or -1.
int columnForHeader(QStringView name)
{
    const QString h = normalisedHeader(name);
    if (h == u"id" || h == u"uniqueid" || h == u"imei")
        return ColId;
    const QStringList known = DeviceCsv::columns();
    for (int k = 0; k < known.size(); ++k) {
        if (h == normalisedHeader(known.at(k)))
            return k;
    }
    return -1;
}

} // namespace

QList<Device> DeviceCsvResult::devices() const
{
    QList<Device> out;
    out.reserve(records.size());
    for (const DeviceCsvRecord &r : records) {
        if (r.error.isEmpty())
            out.append(r.device);
    }
    return out;
}

QString DeviceCsvResult::errorText() const
{
    QStringList lines;
    for (const DeviceCsvIssue &e : errors) {
        lines << (e.line > 0 ? DeviceCsv::tr("line %1: %2").arg(QString::number(e.line), e.message)
                             : e.message);
    }
    return lines.join(u'\n');
}

QString DeviceCsvResult::warningText() const
{
    QStringList lines;
    for (const DeviceCsvIssue &w : warnings)
        lines << DeviceCsv::tr("line %1: %2").arg(QString::number(w.line), w.message);
    return lines.join(u'\n');
}

QString DeviceCsv::acceptedHeaderNames()
{
    QStringList names = columns();
    names[ColId] = tr("%1 (or %2, %3)").arg(u"id"_s, u"uniqueId"_s, u"imei"_s);
    return names.join(u", "_s);
}

QStringList DeviceCsv::columns()
{
    return { u"uniqueId"_s, u"name"_s, u"model"_s, u"protocol"_s, u"phone"_s, u"carrier"_s,
        u"offlineTimeout"_s, u"group"_s };
}

QList<DeviceCsv::RawRecord> DeviceCsv::splitRecords(QStringView text, DeviceCsvIssue *error)
{
    QList<RawRecord> out;
    RawRecord record;
    QString field;
    bool inQuotes = false;
    bool quoted = false; // the current field was quoted
    bool afterQuote = false; // a closing quote was seen; only a separator may follow
    bool recordHasContent = false;
    int line = 1;
    record.line = 1;

    auto endField = [&] {
        // Spaces around an unquoted value are padding; inside quotes they are data.
        record.fields.append(quoted ? field : field.trimmed());
        field.clear();
        quoted = false;
        afterQuote = false;
    };
    auto endRecord = [&] {
        endField();
        // A line with nothing on it is skipped, not read as a record with one empty field.
        if (recordHasContent || record.fields.size() > 1)
            out.append(record);
        record = RawRecord();
        recordHasContent = false;
    };

    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < n && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    inQuotes = false;
                    afterQuote = true;
                }
            } else if (c == u'\r') {
                if (i + 1 < n && text.at(i + 1) == u'\n')
                    ++i;
                field.append(u'\n');
                ++line;
            } else {
                if (c == u'\n')
                    ++line;
                field.append(c);
            }
            continue;
        }
        if (c == u',') {
            recordHasContent = true;
            endField();
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < n && text.at(i + 1) == u'\n')
                ++i;
            endRecord();
            ++line;
            record.line = line;
        } else if (afterQuote) {
            if (c == u' ' || c == u'\t')
                continue; // tolerate spaces between a closing quote and the separator
            if (error) {
                error->line = line;
                error->message = tr("unexpected character after a closing quote");
            }
            return {};
        } else if (c == u'"' && !quoted && field.trimmed().isEmpty()) {
            field.clear(); // spaces before an opening quote are not part of the field
            inQuotes = true;
            quoted = true;
            recordHasContent = true;
        } else {
            field.append(c);
            recordHasContent = true;
        }
    }
    if (inQuotes) {
        if (error) {
            error->line = record.line;
            error->message = tr("a quoted field is not closed");
        }
        return {};
    }
    if (recordHasContent || !record.fields.isEmpty())
        endRecord();
    if (error)
        *error = {};
    return out;
}

DeviceCsvResult DeviceCsv::parse(QIODevice &in, const DeviceModelCatalog *catalog)
{
    if (!in.isOpen() && !in.open(QIODevice::ReadOnly)) {
        DeviceCsvResult r;
        r.errors.append({ 0, tr("cannot read the file: %1").arg(in.errorString()) });
        return r;
    }
    const QByteArray data = in.read(kMaxFileSize + 1);
    if (data.size() > kMaxFileSize) {
        DeviceCsvResult r;
        r.errors.append({ 0, tr("the file is larger than %1 MB").arg(kMaxFileSize >> 20) });
        return r;
    }
    return parse(data, catalog);
}

DeviceCsvResult DeviceCsv::parse(const QByteArray &utf8, const DeviceModelCatalog *catalog)
{
    DeviceCsvResult result;
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder(utf8);
    if (decoder.hasError()) {
        result.errors.append({ 0, tr("the file is not UTF-8 text") });
        return result;
    }
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);

    DeviceCsvIssue splitError;
    const QList<RawRecord> raw = splitRecords(text, &splitError);
    if (!splitError.message.isEmpty()) {
        result.errors.append(splitError);
        return result;
    }
    if (raw.isEmpty()) {
        result.errors.append({ 0,
            tr("the file is empty: expected a header row with %1").arg(acceptedHeaderNames()) });
        return result;
    }

    // Header: map each file column onto one of ours.
    QList<int> map; // file column -> Column
    const RawRecord &head = raw.first();
    for (const QString &name : head.fields) {
        const QString h = name.trimmed();
        result.header.append(h);
        const int index = columnForHeader(h);
        if (index < 0) {
            result.errors.append({ head.line,
                tr("unknown column \"%1\" (accepted names: %2)").arg(h, acceptedHeaderNames()) });
        } else if (map.contains(index)) {
            result.errors.append({ head.line, tr("column \"%1\" appears twice").arg(h) });
        }
        map.append(index);
    }
    if (!map.contains(ColId)) {
        result.errors.append({ head.line,
            tr("the header has no id column (call it id, uniqueId or imei)") });
    }
    if (!map.contains(ColName))
        result.errors.append({ head.line, tr("the header has no \"name\" column") });
    if (!result.errors.isEmpty())
        return result;

    QHash<QString, int> seen; // uniqueId -> line
    for (qsizetype r = 1; r < raw.size(); ++r) {
        const RawRecord &in = raw.at(r);
        DeviceCsvRecord rec;
        rec.line = in.line;
        rec.fields = in.fields;
        QString error;
        if (in.fields.size() != map.size()) {
            error = tr("expected %1 fields, found %2").arg(map.size()).arg(in.fields.size());
        } else {
            QString values[8];
            for (qsizetype k = 0; k < map.size(); ++k)
                values[map.at(k)] = in.fields.at(k);
            Device &d = rec.device;
            d.uniqueId = values[ColId];
            d.name = values[ColName];
            d.model = values[ColModel];
            d.protocol = values[ColProtocol].toLower();
            d.phone = values[ColPhone];
            d.carrier = values[ColCarrier];
            d.group = values[ColGroup];
            const DeviceModel *model = nullptr;
            if (catalog && !d.model.isEmpty()) {
                model = catalog->find(d.model);
                if (model)
                    d.model = model->name;
            }
            bool timeoutOk = true;
            if (!values[ColTimeout].isEmpty())
                d.offlineTimeoutSecs = values[ColTimeout].toLongLong(&timeoutOk);

            if (d.uniqueId.isEmpty()) {
                error = tr("the unique id is empty");
            } else if (!isAcceptableUniqueId(d.uniqueId)) {
                error = tr("unique id \"%1\" is not acceptable (1 to 64 printable characters, "
                           "no spaces or commas)")
                            .arg(d.uniqueId);
            } else if (seen.contains(d.uniqueId)) {
                error = tr("unique id %1 is already used on line %2")
                            .arg(d.uniqueId)
                            .arg(seen.value(d.uniqueId));
            } else if (d.name.trimmed().isEmpty()) {
                error = tr("the name is empty");
            } else if (catalog && !d.model.isEmpty() && !model) {
                error = tr("unknown model \"%1\"").arg(d.model);
            } else if (!d.protocol.isEmpty() && defaultPortForProtocol(d.protocol) == 0) {
                error = tr("unknown protocol \"%1\"").arg(d.protocol);
            } else if (model && !d.protocol.isEmpty() && d.protocol != model->protocol) {
                error = tr("model %1 speaks %2, not %3")
                            .arg(model->name, model->protocol, d.protocol);
            } else if (!timeoutOk || d.offlineTimeoutSecs < 0
                || d.offlineTimeoutSecs > kMaxOfflineTimeoutSecs) {
                error = tr("offline timeout \"%1\" is not a number of seconds from 0 (fleet "
                           "default) to %2")
                            .arg(values[ColTimeout])
                            .arg(kMaxOfflineTimeoutSecs);
            }
            if (!d.uniqueId.isEmpty() && !seen.contains(d.uniqueId))
                seen.insert(d.uniqueId, rec.line);
        }
        if (!error.isEmpty()) {
            rec.error = error;
            result.errors.append({ rec.line, error });
        } else if (hasWrongImeiCheckDigit(rec.device.uniqueId)) {
            rec.warning = tr("%1 is not a valid IMEI (the check digit would be %2); imported "
                             "as the tracker's id")
                              .arg(rec.device.uniqueId)
                              .arg(imeiCheckDigit(rec.device.uniqueId));
            result.warnings.append({ rec.line, rec.warning });
        }
        result.records.append(rec);
    }
    if (result.records.isEmpty() && result.errors.isEmpty())
        result.errors.append({ 0, tr("the file has a header but no devices") });
    return result;
}

QString DeviceCsv::quoteField(const QString &field)
{
    const bool needs = field.contains(u',') || field.contains(u'"') || field.contains(u'\n')
        || field.contains(u'\r')
        || (!field.isEmpty() && (field.front().isSpace() || field.back().isSpace()));
    if (!needs)
        return field;
    QString escaped = field;
    escaped.replace(u"\""_s, u"\"\""_s);
    return u'"' + escaped + u'"';
}

QByteArray DeviceCsv::toCsv(const QList<Device> &devices)
{
    QString text = columns().join(u',') + u"\r\n"_s;
    for (const Device &d : devices) {
        const QStringList fields = {
            quoteField(d.uniqueId),
            quoteField(d.name),
            quoteField(d.model),
            quoteField(d.protocol),
            quoteField(d.phone),
            quoteField(d.carrier),
            d.offlineTimeoutSecs > 0 ? QString::number(d.offlineTimeoutSecs) : QString(),
            quoteField(d.group),
        };
        text += fields.join(u',') + u"\r\n"_s;
    }
    return text.toUtf8();
}

bool DeviceCsv::write(QIODevice &out, const QList<Device> &devices, QString *error)
{
    const QByteArray data = toCsv(devices);
    if (out.write(data) != data.size()) {
        if (error)
            *error = tr("cannot write the file: %1").arg(out.errorString());
        return false;
    }
    return true;
}

} // namespace fw
