#pragma once
// PostgresCopyWriter: the PostgreSQL fast path of the writer's positions. One binary
// COPY ... FROM STDIN per group commit, sent through libpq on Qt's own connection (the PGconn*
// of QSqlDriver::handle()), inside the writer's open transaction, so acknowledge-after-commit is
// unchanged: the rows become visible and durable with the writer's COMMIT or not at all. Row
// INSERTs cost a parse and plan per 64 rows and text conversion of every value; COPY costs
// neither. Values are encoded as the INSERT path stores them (kNoTime, NaN and a null QString
// are NULL, text is UTF-8 with NUL as U+FFFD, attributes as AttributesJson). Used only when
// built with libpq (FW_HAVE_LIBPQ); all of its conditional compilation lives in the .cpp file.

#include "SqliteNative.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace fw {

class PostgresCopyWriter
{
public:
    // The rows RowWriter resolved to device ids (the same row type as the SQLite C API path).
    using PositionRow = SqliteNative::PositionRow;

    // Null unless `connection` is an open QPSQL connection, the program is built with libpq
    // and FW_PG_COPY is not 0 in the environment (0 forces the multi-row INSERT path).
    // Destroy it before Qt closes the connection.
    static std::unique_ptr<PostgresCopyWriter> attach(const QSqlDatabase &connection);
    ~PostgresCopyWriter();
    PostgresCopyWriter(const PostgresCopyWriter &) = delete;
    PostgresCopyWriter &operator=(const PostgresCopyWriter &) = delete;

    // Sends `rows` in one COPY inside the caller's transaction. On failure the transaction is
    // aborted (the caller rolls back) and *error says why; nothing of the COPY is stored.
    // Each row also carries `changeSeq` (0: NULL) and `node` (empty: NULL).
    bool writePositions(const QList<PositionRow> &rows, qint64 changeSeq, const QString &node,
        QString *error);

private:
    explicit PostgresCopyWriter(void *connection);

    void *m_connection; // PGconn*, owned by Qt's driver
    QByteArray m_buffer; // reused between commits
};

} // namespace fw
