#include "PostgresTestServer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#ifdef Q_OS_UNIX
#include <atomic>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace fw::test {

namespace {

quint16 freeLocalPort()
{
#ifdef Q_OS_UNIX
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t length = sizeof addr;
    quint16 port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &length) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
#else
    return 0;
#endif
}

bool isRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

QString findBinDir()
{
    const QString fromEnv = qEnvironmentVariable("FW_PG_BINDIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    if (QFile::exists(u"/usr/lib/postgresql/15/bin/initdb"_s))
        return u"/usr/lib/postgresql/15/bin"_s;
    QDir base(u"/usr/lib/postgresql"_s);
    QStringList versions = base.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        const QString dir = base.filePath(*it + u"/bin"_s);
        if (QFile::exists(dir + u"/initdb"_s))
            return dir;
    }
    return {};
}

} // namespace

PostgresTestServer::PostgresTestServer()
    : PostgresTestServer(Options())
{ }

PostgresTestServer::PostgresTestServer(const Options &options)
    : m_options(options)
    , m_binDir(findBinDir())
{ }

PostgresTestServer::~PostgresTestServer()
{
    stop();
    if (!m_folder.isEmpty())
        QDir(m_folder).removeRecursively();
}

bool PostgresTestServer::required()
{
    return qEnvironmentVariable("FW_REQUIRE_POSTGRES") == u"1";
}

PostgresTestServer &PostgresTestServer::shared()
{
    static PostgresTestServer *server = nullptr;
    if (!server) {
        server = new PostgresTestServer();
        server->start();
        qAddPostRoutine([]() {
            delete server;
            server = nullptr;
        });
    }
    return *server;
}

QString PostgresTestServer::binary(const QString &name) const
{
    return m_binDir + u"/"_s + name;
}

bool PostgresTestServer::run(
    const QString &program, const QStringList &arguments, int timeoutMs, QString *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_folder.isEmpty() ? QDir::tempPath() : m_folder);
    if (isRoot()) // PostgreSQL refuses to run as root
        process.start(
            u"runuser"_s, QStringList { u"-u"_s, u"postgres"_s, u"--"_s, program } + arguments);
    else
        process.start(program, arguments);
    if (!process.waitForStarted(10'000)) {
        m_error = program + u": cannot start: "_s + process.errorString();
        return false;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2'000);
        m_error = program + u": timed out"_s;
        return false;
    }
    const QString text = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (output)
        *output = text;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = QFileInfo(program).fileName() + u" failed (exit code "_s
            + QString::number(process.exitCode()) + u"): "_s + text.right(1500);
        return false;
    }
    return true;
}

bool PostgresTestServer::initialize()
{
#ifndef Q_OS_UNIX
    m_error = u"the PostgreSQL test server is only supported on Unix"_s;
    return false;
#else
    if (m_binDir.isEmpty() || !QFile::exists(binary(u"initdb"_s))) {
        m_error = u"PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin; "
                  "set FW_PG_BINDIR)"_s;
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s)) {
        m_error = u"the Qt PostgreSQL driver (QPSQL) is not installed"_s;
        return false;
    }
    passwd *pg = nullptr;
    if (isRoot() && !(pg = ::getpwnam("postgres"))) {
        m_error = u"running as root but there is no `postgres` user to run the server"_s;
        return false;
    }
    QTemporaryDir dir(QDir::tempPath() + u"/fw-pg-XXXXXX"_s);
    if (!dir.isValid()) {
        m_error = u"cannot create a folder under "_s + QDir::tempPath();
        return false;
    }
    dir.setAutoRemove(false);
    m_folder = dir.path();
    QDir().mkpath(m_folder + u"/socket"_s);
    QFile pwfile(m_folder + u"/pwfile"_s);
    if (!pwfile.open(QIODevice::WriteOnly) || pwfile.write(password().toUtf8() + '\n') < 0) {
        m_error = u"cannot write "_s + pwfile.fileName();
        return false;
    }
    pwfile.close();
    if (pg) {
        const QStringList paths = { m_folder, m_folder + u"/socket"_s, pwfile.fileName() };
        for (const QString &path : paths) {
            if (::chown(QFile::encodeName(path).constData(), pg->pw_uid, pg->pw_gid) != 0) {
                m_error = u"cannot chown "_s + path + u" to postgres"_s;
                return false;
            }
        }
    }
    if (!run(binary(u"initdb"_s),
            { u"-D"_s, m_folder + u"/data"_s, u"-U"_s, user(), u"--pwfile="_s + pwfile.fileName(),
                u"--auth-host=scram-sha-256"_s, u"--auth-local=trust"_s, u"-E"_s, u"UTF8"_s,
                u"--locale=C"_s, u"--no-sync"_s },
            120'000))
        return false;
    QFile::remove(pwfile.fileName());
    if (m_options.tls && !makeCertificate())
        return false;
    if (m_options.tlsOnly) {
        QFile hba(m_folder + u"/data/pg_hba.conf"_s);
        if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || hba.write("local all all trust\n"
                         "hostssl all all 127.0.0.1/32 scram-sha-256\n"
                         "hostssl all all ::1/128 scram-sha-256\n")
                < 0) {
            m_error = u"cannot write "_s + hba.fileName();
            return false;
        }
    }
    m_port = freeLocalPort();
    if (m_port == 0) {
        m_error = u"cannot find a free TCP port on 127.0.0.1"_s;
        return false;
    }
    m_initialized = true;
    return true;
#endif
}

QString PostgresTestServer::certificateFile() const
{
    return m_options.tls && !m_folder.isEmpty() ? m_folder + u"/server.crt"_s : QString();
}

bool PostgresTestServer::makeCertificate()
{
    // Run as the server's user (run() does so as root): the key must be its own, mode 0600.
    if (!run(u"openssl"_s,
            { u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s,
                u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s,
                u"-keyout"_s, m_folder + u"/server.key"_s, u"-out"_s, m_folder + u"/server.crt"_s },
            60'000))
        return false;
    if (!QFile::setPermissions(
            m_folder + u"/server.key"_s, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        m_error = u"cannot make server.key private"_s;
        return false;
    }
    return true;
}

bool PostgresTestServer::start()
{
    if (m_running)
        return true;
    m_error.clear();
    if (!m_initialized && !initialize())
        return false;
    QString options = u"-p "_s + QString::number(m_port) + u" -k "_s + m_folder
        + u"/socket -c listen_addresses=127.0.0.1 -c max_connections=50"_s;
    if (!m_options.durable)
        options += u" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"_s;
    if (m_options.tls)
        options += u" -c ssl=on -c ssl_cert_file="_s + m_folder + u"/server.crt -c ssl_key_file="_s
            + m_folder + u"/server.key"_s;
    if (!run(binary(u"pg_ctl"_s),
            { u"-D"_s, m_folder + u"/data"_s, u"-l"_s, m_folder + u"/server.log"_s, u"-w"_s,
                u"-t"_s, u"60"_s, u"-o"_s, options, u"start"_s },
            90'000)) {
        QFile log(m_folder + u"/server.log"_s);
        if (log.open(QIODevice::ReadOnly))
            m_error += u"\nserver log: "_s + QString::fromLocal8Bit(log.readAll()).right(1500);
        return false;
    }
    m_running = true;
    return true;
}

bool PostgresTestServer::stop()
{
    if (!m_running)
        return true;
    m_running = false;
    return run(binary(u"pg_ctl"_s),
        { u"-D"_s, m_folder + u"/data"_s, u"-m"_s, u"fast"_s, u"-w"_s, u"stop"_s }, 60'000);
}

std::optional<DatabaseConfig> PostgresTestServer::createDatabase(QString *error)
{
    if (!m_running) {
        if (error)
            *error = u"the PostgreSQL test server is not running: "_s + m_error;
        return std::nullopt;
    }
    const QString name = u"fwtest_"_s + QString::number(QCoreApplication::applicationPid()) + u"_"_s
        + QString::number(++m_databases);
    const QString connection = u"fw-pg-admin-"_s + name;
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connection);
        db.setHostName(host());
        db.setPort(m_port);
        db.setDatabaseName(u"postgres"_s);
        db.setUserName(user());
        db.setPassword(password());
        if (!db.open()) {
            failure = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(u"CREATE DATABASE "_s + name))
                failure = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!failure.isEmpty()) {
        if (error)
            *error = u"cannot create test database: "_s + failure;
        return std::nullopt;
    }
    return DatabaseConfig::postgres(host(), m_port, name, user(), password());
}

QString PostgresTestServer::execAs(const QString &url, const QString &sql)
{
    const std::optional<DatabaseConfig> c = DatabaseConfig::parse(url);
    if (!c)
        return u"bad URL"_s;
    static std::atomic<int> counter { 0 };
    const QString name = u"tst-exec-as-%1"_s.arg(++counter);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(c->host());
        db.setPort(c->port());
        db.setDatabaseName(c->databaseName());
        db.setUserName(c->user());
        db.setPassword(c->password());
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql))
                error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace fw::test
