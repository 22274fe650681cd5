#include "LibpqConnection.h"

#include <QSqlDriver>
#include <QVariant>

#ifdef FW_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

using namespace Qt::StringLiterals;

namespace fw {

void *libpqConnection(const QSqlDatabase &connection)
{
#ifdef FW_HAVE_LIBPQ
    if (connection.driverName() != u"QPSQL" || !connection.isOpen())
        return nullptr;
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    // Qt registers the handle's type as "PGconn*" or, by libpq's struct name, "pg_conn*".
    if (!handle.isValid()
        || (qstrcmp(handle.typeName(), "PGconn*") != 0
            && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    PGconn *conn = *static_cast<PGconn *const *>(handle.constData());
    return conn && PQstatus(conn) == CONNECTION_OK ? conn : nullptr;
#else
    Q_UNUSED(connection);
    return nullptr;
#endif
}

bool postgresCopyDisabled()
{
    return qEnvironmentVariableIsSet("FW_PG_COPY") && qEnvironmentVariableIntValue("FW_PG_COPY") == 0;
}

} // namespace fw
