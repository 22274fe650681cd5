#pragma once
// SqlDialect: every difference between SQLite and PostgreSQL in one place (column types,
// auto-increment keys, upsert and multi-row insert syntax, how a write transaction starts, how
// a large result is streamed). Database describes the schema and queries once, through this.

#include "DatabaseConfig.h"

#include <QStringList>

namespace fw {

class SqlDialect
{
public:
    explicit SqlDialect(DatabaseConfig::Backend backend = DatabaseConfig::Backend::Sqlite)
        : m_backend(backend)
    {
    }

    bool isPostgres() const { return m_backend == DatabaseConfig::Backend::Postgres; }

    // SQLite's page cache per connection, in KiB: what a session sets, and what a connection that
    // reads each page once (a report) sets for the time it does so.
    static constexpr int kSqlitePageCacheKiB = 65536;
    static constexpr int kSqliteScanPageCacheKiB = 2048;

    // Replaces the type placeholders of a schema statement:
    // ${ID} auto-increment 64-bit primary key (ids of deleted rows may be reused),
    // ${SERIAL} the same but ids are never reused, ${BIGINT}, ${REAL}, ${BOOL}, ${FALSE},
    // ${BYTES} (bytea / BLOB).
    // A statement that starts with ${POSTGRES} runs on PostgreSQL only (empty on SQLite).
    QString expand(const QString &statement) const;

    // INSERT INTO table (columns) VALUES (?, ...), ... with `rows` rows of placeholders.
    QString insert(const QString &table, const QStringList &columns, int rows) const;
    // Multi-row insert that replaces the other columns when `key` already exists.
    QString upsert(const QString &table, const QStringList &columns, const QString &key,
                   int rows) const;

    // Bulk rows as SQL literals. Measured: Qt's per-value binding (QSqlQuery::bindValue) costs
    // more than SQLite's whole insert, so the writer's multi-row INSERTs are built from literals
    // here, in one place, with text quoted by doubling single quotes (standard SQL; PostgreSQL
    // sessions run with standard_conforming_strings on). Everything else uses bound values.
    QString insertPrefix(const QString &table, const QStringList &columns) const;
    QString upsertSuffix(const QStringList &columns, const QString &key) const;
    static void appendNull(QString &sql);
    static void appendInt(QString &sql, qint64 value);
    static void appendTime(QString &sql, qint64 value); // kNoTime -> NULL
    static void appendReal(QString &sql, double value); // NaN / infinity -> NULL
    void appendBool(QString &sql, bool value) const;
    static void appendText(QString &sql, QStringView text); // null QString -> NULL

    // The database server's clock as ms since the epoch (an SQL expression): what shared
    // deployments judge time by, whatever the desktops' clocks say.
    QString serverNowMs() const;
    QString beginWrite() const; // takes the write lock up front on SQLite (no busy deadlocks)
    QStringList sessionSetup() const; // pragmas / SET statements run right after connecting
    QString connectOptions() const; // QSqlDatabase::setConnectOptions
    // Statement that serialises concurrent migrations inside the migration transaction.
    QString migrationLock() const;
    // ORDER BY suffix that puts rows without a time first on both databases.
    QString nullsFirst() const { return QStringLiteral(" NULLS FIRST"); }

    // Streaming large results: PostgreSQL needs a cursor (the Qt driver otherwise loads the whole
    // result into memory); SQLite steps a forward-only statement.
    bool needsCursorForStreaming() const { return isPostgres(); }
    QString declareCursor(const QString &name, const QString &select) const;
    QString fetchCursor(const QString &name, int rows) const;
    QString closeCursor(const QString &name) const;

private:
    DatabaseConfig::Backend m_backend;
};

} // namespace fw
