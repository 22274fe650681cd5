#pragma once
// DatabaseOptions: the options every database subcommand shares (--db, --from/--to times, no
// leftover arguments), so each command reads them the same way and says the same things.

#include "util/TimeUtil.h"

#include <QStringList>
#include <QTextStream>

namespace fw {
class Database;
}

namespace fw::cli {

// Opens --db (or the default database). Prints the reason and returns false on failure.
bool openDatabase(QStringList &args, Database &db, QTextStream &err);
// Prints what is left over as an error; true when something was.
bool rejectLeftovers(const QStringList &args, const QString &command, QTextStream &err);
// An ISO 8601 time option (kNoTime when absent); false, with the reason printed, when malformed.
bool parseTimeOption(QStringList &args, const QString &name, TimeMs *out, QTextStream &err);

} // namespace fw::cli
