#include "PostgresSampleReader.h"

#include "LibpqConnection.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

#ifdef FW_HAVE_LIBPQ
#include "LibpqResult.h"
#endif

using namespace Qt::StringLiterals;

namespace fw {

#ifdef FW_HAVE_LIBPQ

namespace {

using libpq::connectionError;
using libpq::Result;
using libpq::resultError;

struct CopyBufferDeleter
{
    void operator()(char *p) const { PQfreemem(p); }
};
using CopyBuffer = std::unique_ptr<char, CopyBufferDeleter>;

constexpr char kSignature[] = "PGCOPY\n\377\r\n"; // + '\0'
constexpr qsizetype kSignatureBytes = 11;
// id, device_time, [valid,] latitude, longitude, [altitude,] speed, attributes
constexpr qint16 kFieldsAll = 8;
constexpr qint16 kFieldsMotion = 6;

// Reads one binary COPY tuple; every read checks the bytes left, so a short or odd row is an
// error and never a read past the buffer.
class TupleReader
{
public:
    TupleReader(const char *data, qsizetype size)
        : m_at(data)
        , m_end(data + size)
    { }

    bool skipHeader()
    {
        if (m_end - m_at < kSignatureBytes + 8
            || std::memcmp(m_at, kSignature, kSignatureBytes) != 0)
            return false;
        m_at += kSignatureBytes + 4; // flags
        qint32 extension = 0;
        return take(&extension) && extension >= 0 && skip(extension);
    }
    bool atEnd() const { return m_at == m_end; }
    template <typename T> bool take(T *v)
    {
        if (m_end - m_at < qsizetype(sizeof(T)))
            return false;
        *v = qFromBigEndian<T>(m_at);
        m_at += sizeof(T);
        return true;
    }
    // A field: its length (-1 for NULL) and where its bytes are.
    bool field(qint32 *length, const char **bytes)
    {
        if (!take(length) || *length < -1 || m_end - m_at < std::max(*length, 0))
            return false;
        *bytes = m_at;
        m_at += std::max(*length, 0);
        return true;
    }
    bool int8(qint64 *v, bool *isNull)
    {
        qint32 length = 0;
        const char *bytes = nullptr;
        if (!field(&length, &bytes) || (length != -1 && length != 8))
            return false;
        *isNull = length == -1;
        *v = *isNull ? 0 : qFromBigEndian<qint64>(bytes);
        return true;
    }
    bool float8(double *v) // NULL reads as 0, as QVariant::toDouble() does on Qt's path
    {
        qint64 bits = 0;
        bool isNull = false;
        if (!int8(&bits, &isNull))
            return false;
        std::memcpy(v, &bits, sizeof *v);
        return true;
    }

private:
    bool skip(qsizetype n)
    {
        if (m_end - m_at < n)
            return false;
        m_at += n;
        return true;
    }

    const char *m_at;
    const char *m_end;
};

enum class RowKind { Row, End, Bad };

// One tuple: a row, the end-of-data marker, or bad when it is not what the statement selects.
RowKind readRow(TupleReader &row, bool all, TrackSample *sample, qint64 *id)
{
    qint16 fields = 0;
    bool isNull = false;
    qint64 time = 0;
    qint32 length = 0;
    const char *bytes = nullptr;
    if (!row.take(&fields))
        return RowKind::Bad;
    if (fields == -1)
        return row.atEnd() ? RowKind::End : RowKind::Bad;
    if (fields != (all ? kFieldsAll : kFieldsMotion) || !row.int8(id, &isNull) || isNull
        || !row.int8(&time, &isNull))
        return RowKind::Bad;
    sample->time = isNull ? kNoTime : time;
    if (all) {
        if (!row.field(&length, &bytes) || (length != 1 && length != -1))
            return RowKind::Bad;
        sample->valid = length == 1 && *bytes != 0;
    }
    if (!row.float8(&sample->latitude) || !row.float8(&sample->longitude)
        || (all && !row.float8(&sample->altitude)) || !row.float8(&sample->speedKph)
        || !row.field(&length, &bytes) || !row.atEnd())
        return RowKind::Bad;
    sample->attributes = length > 0 ? QByteArrayView(bytes, length) : QByteArrayView();
    return RowKind::Row;
}

// Ends a COPY the caller stopped reading: asks the server to cancel it and drains what is still
// under way, so the connection is ready for the next statement. The cancel's own error is expected.
void abandonCopy(PGconn *conn)
{
    if (PGcancel *cancel = PQgetCancel(conn)) {
        char message[256];
        PQcancel(cancel, message, sizeof message);
        PQfreeCancel(cancel);
    }
    char *buffer = nullptr;
    while (PQgetCopyData(conn, &buffer, 0) > 0)
        PQfreemem(buffer);
    while (PGresult *raw = PQgetResult(conn))
        PQclear(raw);
}

} // namespace

std::unique_ptr<PostgresSampleReader> PostgresSampleReader::attach(const QSqlDatabase &connection)
{
    void *conn = postgresCopyDisabled() ? nullptr : libpqConnection(connection);
    return conn ? std::unique_ptr<PostgresSampleReader>(new PostgresSampleReader(conn)) : nullptr;
}

bool PostgresSampleReader::flushGroup(const SampleCallback &callback)
{
    std::stable_sort(m_group.begin(), m_group.end(),
        [](const PendingRow &a, const PendingRow &b) { return a.id < b.id; });
    bool go = true;
    for (PendingRow &row : m_group) {
        row.sample.attributes = row.attributes;
        if (go && !callback(row.sample))
            go = false;
    }
    m_group.clear();
    return go;
}

bool PostgresSampleReader::forEachSample(qint64 deviceId, TimeMs from, TimeMs to,
    SampleColumns columns, const SampleCallback &callback, QString *error)
{
    auto *conn = static_cast<PGconn *>(m_connection);
    const bool all = columns == SampleColumns::All;
    QByteArray statement = QByteArray("COPY (SELECT id, device_time, ") + (all ? "valid, " : "")
        + "latitude, longitude, " + (all ? "altitude, " : "")
        + "speed_kph, attributes FROM positions WHERE device_id = " + QByteArray::number(deviceId);
    if (from != kNoTime)
        statement += " AND device_time >= " + QByteArray::number(from);
    if (to != kNoTime)
        statement += " AND device_time <= " + QByteArray::number(to);
    // With a lower bound no time is NULL, and the order is the index's own.
    statement += from != kNoTime ? " ORDER BY device_time" : " ORDER BY device_time NULLS FIRST";
    statement += ") TO STDOUT (FORMAT binary)";

    const Result started(PQexec(conn, statement.constData()));
    if (PQresultStatus(started.get()) != PGRES_COPY_OUT) {
        *error = resultError(started.get(), conn);
        return false;
    }

    // The row before the current one waits until the next row's time is known: rows of the same
    // time go through m_group in id order. Most times have one row, which is then never copied.
    CopyBuffer held;
    TrackSample heldSample;
    qint64 heldId = 0;
    bool header = true;
    bool go = true;
    bool broken = false;
    while (go) {
        char *raw = nullptr;
        const int size = PQgetCopyData(conn, &raw, 0);
        if (size == -1)
            break; // the COPY is over
        if (size < 0) {
            *error = connectionError(conn);
            broken = true;
            break;
        }
        CopyBuffer buffer(raw);
        TupleReader tuple(raw, size);
        if (header && !tuple.skipHeader()) {
            *error = u"the server sent an unexpected COPY header"_s;
            broken = true;
            break;
        }
        header = false;
        TrackSample sample;
        qint64 id = 0;
        const RowKind kind = readRow(tuple, all, &sample, &id);
        if (kind == RowKind::End)
            continue; // PQgetCopyData() says -1 next
        if (kind == RowKind::Bad) {
            *error = u"the server sent a row FleetWatch cannot read"_s;
            broken = true;
            break;
        }
        if (!m_group.isEmpty()) {
            if (sample.time == m_group.first().sample.time) {
                m_group.append({ sample, id, sample.attributes.toByteArray() });
                continue;
            }
            go = flushGroup(callback);
        } else if (held) {
            if (sample.time == heldSample.time) {
                m_group.append({ heldSample, heldId, heldSample.attributes.toByteArray() });
                m_group.append({ sample, id, sample.attributes.toByteArray() });
                held.reset();
                continue;
            }
            go = callback(heldSample);
        }
        held = std::move(buffer);
        heldSample = sample;
        heldId = id;
    }
    if (!go || broken) {
        m_group.clear();
        abandonCopy(conn);
        return !broken;
    }
    if (!m_group.isEmpty())
        go = flushGroup(callback);
    else if (held)
        go = callback(heldSample);
    Q_UNUSED(go); // the last row: nothing is left to stop
    bool ok = true;
    while (PGresult *raw = PQgetResult(conn)) {
        const Result result(raw);
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
            *error = resultError(result.get(), conn);
            ok = false;
        }
    }
    return ok;
}

#else // no libpq: Qt SQL's cursor path only

std::unique_ptr<PostgresSampleReader> PostgresSampleReader::attach(const QSqlDatabase &)
{
    return nullptr;
}

bool PostgresSampleReader::flushGroup(const SampleCallback &)
{
    return false;
}

bool PostgresSampleReader::forEachSample(
    qint64, TimeMs, TimeMs, SampleColumns, const SampleCallback &, QString *error)
{
    *error = u"built without libpq"_s;
    return false;
}

#endif

PostgresSampleReader::PostgresSampleReader(void *connection)
    : m_connection(connection)
{ }

} // namespace fw
