#pragma once
// PostgresTestServer: a throw-away PostgreSQL server for tests and benchmarks, so storage code is
// exercised against a real server, not only SQLite. It runs initdb into a folder under /tmp
// (as the `postgres` user when we are root), starts the server on a free 127.0.0.1 port and
// removes everything again in its destructor.

#include "storage/DatabaseConfig.h"

#include <QString>

#include <memory>
#include <optional>

namespace fw::test {

class PostgresTestServer
{
public:
    struct Options
    {
        bool durable = false; // false: fsync off (tests); true: server defaults (benchmarks)
        // TLS with a self-signed certificate for 127.0.0.1 made with `openssl` (certificateFile()).
        bool tls = false;
        // pg_hba.conf accepts TCP connections only over TLS (hostssl); needs tls.
        bool tlsOnly = false;
    };

    PostgresTestServer();
    explicit PostgresTestServer(const Options &options);
    ~PostgresTestServer(); // stops the server and deletes its folder
    PostgresTestServer(const PostgresTestServer &) = delete;
    PostgresTestServer &operator=(const PostgresTestServer &) = delete;

    // First call: initdb + start. Later calls start the same cluster again (after stop()).
    bool start();
    bool stop(); // fast shutdown; the data stays for a later start()
    bool isRunning() const { return m_running; }
    QString errorString() const { return m_error; }

    QString host() const { return QStringLiteral("127.0.0.1"); }
    quint16 port() const { return m_port; }
    QString user() const { return QStringLiteral("fleetwatch"); }
    QString password() const { return QStringLiteral("fw-test-secret"); }
    // The server's certificate (PEM), its own root: sslrootcert for verify-full. Empty without tls.
    QString certificateFile() const;

    // Creates a new empty database with a unique name and returns how to reach it.
    std::optional<DatabaseConfig> createDatabase(QString *error = nullptr);

    // One server per process, started on first use and removed when the application exits.
    // Check isRunning() / errorString() on the result.
    static PostgresTestServer &shared();
    // FW_REQUIRE_POSTGRES=1 (set in CI): tests must fail instead of skipping without a server.
    static bool required();
    // Runs one statement as the login of `url` on a connection of its own; the server's error
    // text, empty on success.
    static QString execAs(const QString &url, const QString &sql);

private:
    bool initialize();
    bool makeCertificate();
    bool run(const QString &program, const QStringList &arguments, int timeoutMs,
        QString *output = nullptr);
    QString binary(const QString &name) const;

    Options m_options;
    QString m_folder;
    QString m_binDir;
    quint16 m_port = 0;
    bool m_initialized = false;
    bool m_running = false;
    int m_databases = 0;
    QString m_error;
};

} // namespace fw::test
