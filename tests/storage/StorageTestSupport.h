#pragma once
// Shared set-up for the storage tests: every test class runs each test once per backend
// (global data rows "sqlite" and "postgres"); FW_FRESH_CONFIG gives the test an empty database
// of the current backend and skips the row (or fails it when FW_REQUIRE_POSTGRES=1) when no
// PostgreSQL server could be started.

#include "PostgresTestServer.h"
#include "storage/DatabaseConfig.h"

#include <QTemporaryDir>
#include <QTest>

#include <optional>

namespace fw::test {

inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

class StorageFixture
{
public:
    std::optional<DatabaseConfig> fresh(const QString &backend, QString *why)
    {
        if (backend == QLatin1String("sqlite")) {
            if (!m_dir.isValid()) {
                *why = QStringLiteral("cannot create a temporary folder");
                return std::nullopt;
            }
            return DatabaseConfig::sqlite(
                m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_count)));
        }
        PostgresTestServer &server = PostgresTestServer::shared();
        if (!server.isRunning() && !server.start()) {
            *why = QStringLiteral("PostgreSQL test server unavailable: ") + server.errorString();
            return std::nullopt;
        }
        return server.createDatabase(why);
    }
    QString folder() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    int m_count = 0;
};

} // namespace fw::test

// Declares `DatabaseConfig var` for the current backend row, or skips / fails the row.
#define FW_FRESH_CONFIG(fixture, var)                                                          \
    QFETCH_GLOBAL(QString, backend);                                                          \
    fw::DatabaseConfig var;                                                                   \
    do {                                                                                      \
        QString why_;                                                                         \
        const auto config_ = (fixture).fresh(backend, &why_);                                 \
        if (!config_) {                                                                       \
            if (backend == QLatin1String("sqlite") || fw::test::PostgresTestServer::required()) \
                QFAIL(qPrintable(why_));                                                      \
            QSKIP(qPrintable(why_));                                                          \
        }                                                                                     \
        var = *config_;                                                                       \
    } while (false)
