#pragma once
// DatabaseConfig: where the data lives, parsed from the `--db` URL (`sqlite:PATH` or
// `postgresql://USER[:PASS]@HOST[:PORT]/DB[?sslmode=...&sslrootcert=FILE]`). A value type that
// every mode (window, CLI, headless node, tests) passes to Database and PositionWriter; it never
// prints the password.

#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace fw {

class DatabaseConfig
{
public:
    enum class Backend { Sqlite, Postgres };

    static constexpr quint16 kDefaultPostgresPort = 5432;

    // Returns std::nullopt and a message in *error for anything it does not understand.
    static std::optional<DatabaseConfig> parse(const QString &url, QString *error = nullptr);
    // `fleetwatch.sqlite` in the per-user data folder (created when missing).
    static DatabaseConfig defaultConfig(QString *error = nullptr);
    static DatabaseConfig sqlite(const QString &path);
    static DatabaseConfig postgres(const QString &host, quint16 port, const QString &database,
                                   const QString &user, const QString &password = {});

    Backend backend() const { return m_backend; }
    bool isSqlite() const { return m_backend == Backend::Sqlite; }
    bool isPostgres() const { return m_backend == Backend::Postgres; }
    QString qtDriverName() const; // "QSQLITE" or "QPSQL"

    QString path() const { return m_path; } // SQLite file
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QString databaseName() const { return m_database; }
    QString user() const { return m_user; }
    QString password() const { return m_password; }

    // libpq options from the URL's query (sslmode, sslrootcert, sslcert, sslkey), in order.
    using Option = std::pair<QString, QString>;
    const QList<Option> &options() const { return m_options; }
    QString option(const QString &key) const;
    void setOption(const QString &key, const QString &value); // replaces; empty value removes
    // The options as QSqlDatabase::setConnectOptions() text for QPSQL: "k='v';k='v'".
    QString connectOptions() const;
    // Keys the URL may carry (what libpq calls them).
    static const QStringList &optionKeys();

    // The URL with the password replaced by "***", safe for logs and error messages.
    QString displayUrl() const;
    // The URL including the password (for handing to a child process); never log it.
    QString url() const;

    bool operator==(const DatabaseConfig &o) const = default;

private:
    Backend m_backend = Backend::Sqlite;
    QString m_path;
    QString m_host;
    quint16 m_port = kDefaultPostgresPort;
    QString m_database;
    QString m_user;
    QString m_password;
    QList<Option> m_options;
};

} // namespace fw
