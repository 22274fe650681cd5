#pragma once
// libpqConnection(): the PGconn* under an open QPSQL connection (QSqlDriver::handle()), for the
// few paths that talk libpq directly on Qt's own connection (binary COPY in and out) while
// everything else stays Qt SQL. Null when the connection is not an open QPSQL one, or when the
// program is built without libpq (FW_HAVE_LIBPQ). Returned as void* so callers' headers need no
// libpq; cast it to PGconn* inside a FW_HAVE_LIBPQ block.

#include <QSqlDatabase>

namespace fw {

void *libpqConnection(const QSqlDatabase &connection);

// FW_PG_COPY=0 in the environment keeps positions on Qt SQL both ways (multi-row INSERTs, the
// text cursor) instead of binary COPY, for comparisons.
bool postgresCopyDisabled();

} // namespace fw
