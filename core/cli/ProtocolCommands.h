#pragma once
// The protocol subcommands: `protocols`, `decode` and `identify`. They need no database.

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runProtocols(const QStringList &args, QTextStream &out, QTextStream &err);
int runDecode(const QStringList &args, QTextStream &out, QTextStream &err);
int runIdentify(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace fw::cli
