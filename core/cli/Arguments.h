#pragma once
// Small helpers shared by the subcommands for taking options out of an argument list, so each
// command can report what it did not understand.

#include <QStringList>

namespace fw::cli {

// Removes "--name VALUE" (or "--name=VALUE") and returns VALUE; `present` tells whether it was there.
QString takeOption(QStringList &args, const QString &name, bool *present = nullptr);
// Every value of a repeatable option.
QStringList takeOptions(QStringList &args, const QString &name);
// Removes a flag; true when it was present.
bool takeFlag(QStringList &args, const QString &name);

} // namespace fw::cli
