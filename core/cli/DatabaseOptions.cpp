#include "DatabaseOptions.h"

#include "Arguments.h"
#include "CliTr.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

namespace fw::cli {

bool openDatabase(QStringList &args, Database &db, QTextStream &err)
{
    bool present = false;
    const QString url = takeOption(args, QStringLiteral("--db"), &present);
    takeOption(args, QStringLiteral("--config"));
    QString error;
    std::optional<DatabaseConfig> config
        = present ? DatabaseConfig::parse(url, &error) : DatabaseConfig::defaultConfig(&error);
    if (!config) {
        err << "fleetwatch: " << error << '\n';
        return false;
    }
    if (!db.open(*config)) {
        err << "fleetwatch: " << db.lastError() << '\n';
        return false;
    }
    return true;
}

bool rejectLeftovers(const QStringList &args, const QString &command, QTextStream &err)
{
    if (args.isEmpty())
        return false;
    err << unexpectedArgumentMessage(command, args.first()) << '\n';
    return true;
}

bool parseTimeOption(QStringList &args, const QString &name, TimeMs *out, QTextStream &err)
{
    bool present = false;
    const QString value = takeOption(args, name, &present);
    *out = kNoTime;
    if (!present)
        return true;
    *out = parseIso(value);
    if (*out == kNoTime) {
        err << CliTr::tr("fleetwatch: %1 \"%2\" is not an ISO 8601 time\n").arg(name, value);
        return false;
    }
    return true;
}

} // namespace fw::cli
