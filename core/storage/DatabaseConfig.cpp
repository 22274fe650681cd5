#include "DatabaseConfig.h"

#include "StorageTr.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

const QString kUsage
    = u"expected sqlite:PATH or postgresql://USER[:PASS]@HOST[:PORT]/DB[?sslmode=MODE]"_s;

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString decode(const QString &part)
{
    return QUrl::fromPercentEncoding(part.toUtf8());
}

QString encode(const QString &part)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(part));
}

// "sslmode=require&sslrootcert=FILE": libpq options we pass on; anything else is refused.
bool parseQuery(const QString &query, DatabaseConfig *out, QString *error)
{
    static const QStringList kModes
        = { u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s, u"verify-full"_s };
    for (const QString &pair : query.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString key = decode(eq < 0 ? pair : pair.left(eq));
        const QString value = eq < 0 ? QString() : decode(pair.mid(eq + 1));
        if (!DatabaseConfig::optionKeys().contains(key))
            return fail(error,
                StorageTr::tr("database URL option \"%1\" is not supported (supported: %2)")
                    .arg(key, DatabaseConfig::optionKeys().join(u", "_s)));
        if (value.isEmpty())
            return fail(error, StorageTr::tr("database URL option \"%1\" needs a value").arg(key));
        // QPSQL turns ';' into the separator of its options: such a value cannot be passed on.
        if (value.contains(u';') || value.contains(QChar(0)))
            return fail(error,
                StorageTr::tr("database URL option \"%1\" contains a character that cannot be "
                              "passed on (;)")
                    .arg(key));
        if (key == u"sslmode" && !kModes.contains(value))
            return fail(error,
                StorageTr::tr("database URL option sslmode=%1 is unknown (use one of %2)")
                    .arg(value, kModes.join(u", "_s)));
        out->setOption(key, value);
    }
    return true;
}

bool parsePostgres(const QString &url, qsizetype schemeLength, DatabaseConfig *out, QString *error)
{
    QString rest = url.mid(schemeLength);
    QString query;
    if (const qsizetype q = rest.indexOf(u'?', rest.lastIndexOf(u'@') + 1); q >= 0) {
        query = rest.mid(q + 1);
        rest.truncate(q);
    }
    const qsizetype slash = rest.indexOf(u'/', rest.lastIndexOf(u'@') + 1);
    if (slash < 0)
        return fail(error, u"database URL has no database name (\"/DB\" at the end); "_s + kUsage);
    const QString authority = rest.left(slash);
    const QString database = decode(rest.mid(slash + 1));
    if (database.isEmpty())
        return fail(error, u"database URL has an empty database name; "_s + kUsage);
    if (database.contains(u'?') || database.contains(u'/'))
        return fail(error, u"database URL has unsupported parts after the database name"_s);

    const qsizetype at = authority.lastIndexOf(u'@');
    if (at < 0)
        return fail(error, u"database URL has no user (\"USER@\" before the host); "_s + kUsage);
    const QString userInfo = authority.left(at);
    const QString hostPort = authority.mid(at + 1);
    const qsizetype colon = userInfo.indexOf(u':');
    const QString user = decode(colon < 0 ? userInfo : userInfo.left(colon));
    const QString password = colon < 0 ? QString() : decode(userInfo.mid(colon + 1));
    if (user.isEmpty())
        return fail(error, u"database URL has an empty user name; "_s + kUsage);

    QString host = hostPort;
    QString portText;
    if (hostPort.startsWith(u'[')) { // [IPv6]:port
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0)
            return fail(error, u"database URL has an unterminated [IPv6] host"_s);
        host = hostPort.mid(1, close - 1);
        const QString after = hostPort.mid(close + 1);
        if (!after.isEmpty() && !after.startsWith(u':'))
            return fail(error, u"database URL has text after the [IPv6] host"_s);
        portText = after.mid(1);
    } else if (const qsizetype c = hostPort.lastIndexOf(u':'); c >= 0) {
        host = hostPort.left(c);
        portText = hostPort.mid(c + 1);
    }
    if (host.isEmpty())
        return fail(error, u"database URL has an empty host; "_s + kUsage);
    quint16 port = DatabaseConfig::kDefaultPostgresPort;
    if (!portText.isEmpty() || hostPort.endsWith(u':')) {
        bool ok = false;
        const uint value = portText.toUInt(&ok);
        if (!ok || value == 0 || value > 65535)
            return fail(error, u"database URL has an invalid port \""_s + portText + u"\""_s);
        port = static_cast<quint16>(value);
    }
    *out = DatabaseConfig::postgres(host, port, database, user, password);
    return parseQuery(query, out, error);
}

} // namespace

std::optional<DatabaseConfig> DatabaseConfig::parse(const QString &url, QString *error)
{
    const QString text = url.trimmed();
    if (text.isEmpty()) {
        fail(error, u"empty database URL; "_s + kUsage);
        return std::nullopt;
    }
    if (text.startsWith(u"sqlite:"_s, Qt::CaseInsensitive)) {
        QString path = text.mid(7);
        if (path.startsWith(u"//"_s)) // tolerate sqlite:///abs/path and sqlite://rel
            path = path.mid(2);
        if (path.isEmpty()) {
            fail(error, u"sqlite: URL has no file path; expected sqlite:PATH"_s);
            return std::nullopt;
        }
        return sqlite(path);
    }
    for (const QString &scheme : { u"postgresql://"_s, u"postgres://"_s }) {
        if (text.startsWith(scheme, Qt::CaseInsensitive)) {
            DatabaseConfig config;
            if (!parsePostgres(text, scheme.size(), &config, error))
                return std::nullopt;
            return config;
        }
    }
    const qsizetype colon = text.indexOf(u':');
    const QString scheme = colon > 0 ? text.left(colon) : QString();
    fail(error,
         scheme.isEmpty() ? u"unsupported database URL \""_s + text + u"\"; "_s + kUsage
                          : u"unsupported database type \""_s + scheme + u"\"; "_s + kUsage);
    return std::nullopt;
}

DatabaseConfig DatabaseConfig::defaultConfig(QString *error)
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (folder.isEmpty())
        folder = QDir::homePath() + u"/.fleetwatch"_s;
    if (!QDir().mkpath(folder) && error)
        *error = u"cannot create the data folder "_s + folder;
    return sqlite(QDir(folder).filePath(u"fleetwatch.sqlite"_s));
}

DatabaseConfig DatabaseConfig::sqlite(const QString &path)
{
    DatabaseConfig c;
    c.m_backend = Backend::Sqlite;
    c.m_path = path;
    return c;
}

DatabaseConfig DatabaseConfig::postgres(const QString &host, quint16 port, const QString &database,
                                        const QString &user, const QString &password)
{
    DatabaseConfig c;
    c.m_backend = Backend::Postgres;
    c.m_host = host;
    c.m_port = port;
    c.m_database = database;
    c.m_user = user;
    c.m_password = password;
    return c;
}

const QStringList &DatabaseConfig::optionKeys()
{
    static const QStringList keys = { u"sslmode"_s, u"sslrootcert"_s, u"sslcert"_s, u"sslkey"_s };
    return keys;
}

QString DatabaseConfig::option(const QString &key) const
{
    for (const Option &o : m_options) {
        if (o.first == key)
            return o.second;
    }
    return {};
}

void DatabaseConfig::setOption(const QString &key, const QString &value)
{
    m_options.removeIf([&key](const Option &o) { return o.first == key; });
    if (!value.isEmpty())
        m_options.append({ key, value });
}

QString DatabaseConfig::connectOptions() const
{
    // libpq's conninfo quoting, as QPSQL quotes the host and the password.
    QStringList parts;
    for (const Option &o : m_options) {
        QString value = o.second;
        value.replace(u"\\"_s, u"\\\\"_s);
        value.replace(u"'"_s, u"\\'"_s);
        parts += o.first + u"='"_s + value + u"'"_s;
    }
    return parts.join(u';');
}

QString DatabaseConfig::qtDriverName() const
{
    return isSqlite() ? u"QSQLITE"_s : u"QPSQL"_s;
}

namespace {
QString buildUrl(const DatabaseConfig &c, bool withPassword)
{
    if (c.isSqlite())
        return u"sqlite:"_s + c.path();
    QString auth = encode(c.user());
    if (!c.password().isEmpty())
        auth += u":"_s + (withPassword ? encode(c.password()) : u"***"_s);
    const QString host = c.host().contains(u':') ? u"["_s + c.host() + u"]"_s : c.host();
    QString url = u"postgresql://"_s + auth + u"@"_s + host + u":"_s + QString::number(c.port())
        + u"/"_s + encode(c.databaseName());
    for (qsizetype i = 0; i < c.options().size(); ++i)
        url += (i == 0 ? u"?"_s : u"&"_s) + c.options().at(i).first + u"="_s
            + encode(c.options().at(i).second);
    return url;
}
} // namespace

QString DatabaseConfig::displayUrl() const
{
    return buildUrl(*this, false);
}

QString DatabaseConfig::url() const
{
    return buildUrl(*this, true);
}

} // namespace fw
