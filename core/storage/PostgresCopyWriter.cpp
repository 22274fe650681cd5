#include "PostgresCopyWriter.h"

#include "AttributesJson.h"
#include "LibpqConnection.h"
#include "StorageSchema.h"

#include <QSqlQuery>
#include <QVariant>
#include <QtEndian>

#include <cmath>
#include <cstring>

#ifdef FW_HAVE_LIBPQ
#include "LibpqResult.h"
#endif

using namespace Qt::StringLiterals;

namespace fw {

#ifdef FW_HAVE_LIBPQ

namespace {

using libpq::Result;
using libpq::connectionError;
using libpq::resultError;


// Binary COPY tuples: a big-endian int16 field count, then per field a big-endian int32 length
// (-1 for NULL) and the value in the type's binary send format.
class TupleEncoder
{
public:
    explicit TupleEncoder(QByteArray &out)
        : m_out(out)
    { }

    void fieldCount(qint16 n) { put(n); }
    void null() { put(qint32(-1)); }
    void int8(qint64 v)
    {
        put(qint32(8));
        put(v);
    }
    void time(TimeMs t) { t == kNoTime ? null() : int8(t); }
    void float8(double v)
    {
        if (!std::isfinite(v)) { // as SqlDialect::appendReal: NaN and infinity are NULL
            null();
            return;
        }
        quint64 bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        put(qint32(8));
        put(bits);
    }
    void boolean(bool v)
    {
        put(qint32(1));
        m_out.append(char(v ? 1 : 0));
    }
    void text(QStringView s)
    {
        if (s.isNull()) {
            null();
            return;
        }
        const qsizetype at = beginVarlena();
        AttributesJson::appendText(m_out, s);
        endVarlena(at);
    }
    void attributes(const Attributes &a)
    {
        if (a.isEmpty()) { // as the INSERT path: no attributes are NULL
            null();
            return;
        }
        const qsizetype at = beginVarlena();
        AttributesJson::appendUtf8(m_out, a);
        endVarlena(at);
    }

private:
    template <typename T> void put(T v)
    {
        const T be = qToBigEndian(v);
        m_out.append(reinterpret_cast<const char *>(&be), sizeof be);
    }
    qsizetype beginVarlena()
    {
        const qsizetype at = m_out.size();
        put(qint32(0)); // patched by endVarlena()
        return at;
    }
    void endVarlena(qsizetype at)
    {
        const qint32 length = qToBigEndian(qint32(m_out.size() - at - 4));
        std::memcpy(m_out.data() + at, &length, sizeof length);
    }

    QByteArray &m_out;
};

void encodePosition(TupleEncoder &e, qint64 deviceId, const Position &p, qint64 changeSeq,
    QStringView node)
{
    // The order of StorageSchema::positionColumns(), then positionChangeColumns().
    e.fieldCount(15);
    e.int8(deviceId);
    e.time(p.deviceTime);
    e.time(p.serverTime);
    e.boolean(p.valid);
    for (const double v : { p.latitude, p.longitude, p.altitude, p.speedKph, p.course })
        e.float8(v);
    if (p.satellites < 0)
        e.null();
    else
        e.int8(p.satellites);
    e.float8(p.accuracy);
    e.text(p.protocol);
    e.attributes(p.attributes);
    if (changeSeq > 0)
        e.int8(changeSeq);
    else
        e.null();
    e.text(node);
}

constexpr char kHeader[] = "PGCOPY\n\377\r\n"; // + '\0', flags and extension length
constexpr qsizetype kChunkBytes = 512 * 1024; // sent in pieces this size while encoding

} // namespace

std::unique_ptr<PostgresCopyWriter> PostgresCopyWriter::attach(const QSqlDatabase &connection)
{
    if (postgresCopyDisabled())
        return nullptr;
    void *conn = libpqConnection(connection);
    if (!conn)
        return nullptr;
    // PostgreSQL refuses COPY FROM into a table whose row-level security applies to this
    // login (a node login without BYPASSRLS after `db init`): INSERTs then.
    QSqlQuery q(connection);
    if (!q.exec(u"SELECT row_security_active('positions')"_s) || !q.next() || q.value(0).toBool())
        return nullptr;
    return std::unique_ptr<PostgresCopyWriter>(new PostgresCopyWriter(conn));
}

bool PostgresCopyWriter::writePositions(
    const QList<PositionRow> &rows, qint64 changeSeq, const QString &node, QString *error)
{
    if (rows.isEmpty())
        return true;
    auto *conn = static_cast<PGconn *>(m_connection);
    // Inside the writer's transaction and with no other command of Qt's still running on the
    // connection (a COPY there would fail or mix with its results).
    if (PQstatus(conn) != CONNECTION_OK) {
        *error = u"the connection to the server is lost: "_s + connectionError(conn);
        return false;
    }
    if (const PGTransactionStatusType state = PQtransactionStatus(conn); state != PQTRANS_INTRANS) {
        *error = state == PQTRANS_INERROR
            ? u"the transaction was aborted before the COPY"_s
            : u"COPY needs an open, idle transaction (connection state %1)"_s.arg(int(state));
        return false;
    }
    static const QByteArray statement = u"COPY positions ("_s.toUtf8()
        + (StorageSchema::positionColumns() + StorageSchema::positionChangeColumns())
              .join(u',')
              .toUtf8()
        + ") FROM STDIN (FORMAT binary)";
    {
        const Result started(PQexec(conn, statement.constData()));
        if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
            *error = resultError(started.get(), conn);
            return false;
        }
    }

    // Encode and send in chunks; a failed send ends the COPY, the server reports why below.
    bool sent = true;
    m_buffer.resize(0); // keeps the capacity
    m_buffer.append(kHeader, sizeof kHeader); // with its terminating '\0'
    m_buffer.append(8, '\0'); // flags, header extension length
    TupleEncoder encoder(m_buffer);
    const auto send = [&]() {
        if (sent && PQputCopyData(conn, m_buffer.constData(), int(m_buffer.size())) != 1)
            sent = false;
        m_buffer.resize(0);
    };
    for (const PositionRow &row : rows) {
        encodePosition(encoder, row.deviceId, *row.position, changeSeq,
            node.isEmpty() ? QStringView() : QStringView(node));
        if (m_buffer.size() >= kChunkBytes)
            send();
        if (!sent)
            break;
    }
    if (sent) {
        encoder.fieldCount(-1); // trailer
        send();
    }
    if (PQputCopyEnd(conn, sent ? nullptr : "FleetWatch could not send the rows") != 1) {
        *error = u"cannot end the COPY: "_s + connectionError(conn);
        // The connection is unusable now; the writer's retry reconnects.
        return false;
    }

    bool ok = true;
    QString failure;
    while (PGresult *raw = PQgetResult(conn)) {
        const Result result(raw);
        if (!ok)
            continue; // drain to the end of the command
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
            ok = false;
            failure = resultError(result.get(), conn);
        } else if (const qint64 stored = QByteArray(PQcmdTuples(result.get())).toLongLong();
                   stored != rows.size()) {
            ok = false;
            failure = u"COPY stored %1 of %2 positions"_s.arg(stored).arg(rows.size());
        }
        if (PQstatus(conn) != CONNECTION_OK)
            break;
    }
    if (ok && !sent) {
        ok = false;
        failure = u"cannot send the rows: "_s + connectionError(conn);
    }
    if (!ok) {
        *error = failure.isEmpty() ? connectionError(conn) : failure;
        return false;
    }
    if (m_buffer.capacity() > 4 * kChunkBytes)
        m_buffer = QByteArray(); // a huge attribute once does not keep its memory
    return true;
}

#else // no libpq: the INSERT path only

std::unique_ptr<PostgresCopyWriter> PostgresCopyWriter::attach(const QSqlDatabase &)
{
    return nullptr;
}

bool PostgresCopyWriter::writePositions(
    const QList<PositionRow> &, qint64, const QString &, QString *error)
{
    *error = u"built without libpq"_s;
    return false;
}

#endif

PostgresCopyWriter::PostgresCopyWriter(void *connection)
    : m_connection(connection)
{ }

PostgresCopyWriter::~PostgresCopyWriter() = default;

} // namespace fw
