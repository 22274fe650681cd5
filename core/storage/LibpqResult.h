#pragma once
// The libpq pieces both binary COPY paths (PostgresCopyWriter in, PostgresSampleReader out)
// use: an owning PGresult and the error text of a connection or a result. Include it only inside
// a FW_HAVE_LIBPQ block: it needs libpq's header.

#include <QString>

#include <libpq-fe.h>

#include <memory>

namespace fw::libpq {

struct ResultDeleter
{
    void operator()(PGresult *r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

inline QString connectionError(PGconn *conn)
{
    return QString::fromUtf8(PQerrorMessage(conn)).trimmed();
}

// The result's own message, or the connection's when the result has none.
inline QString resultError(const PGresult *result, PGconn *conn)
{
    const QString text = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    return text.isEmpty() ? connectionError(conn) : text;
}

} // namespace fw::libpq
