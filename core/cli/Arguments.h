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

// The candidate closest to `word` by edit distance, or empty when none is close enough to be
// what was meant (at most a third of the word's letters differ).
QString nearestName(const QString &word, const QStringList &candidates);

// Every option name the command line knows (from the help text), for suggestions.
QStringList knownOptionNames();

// "fleetwatch COMMAND: unknown option "--jsno"; did you mean "--json"?" (one line, translated).
QString unexpectedArgumentMessage(const QString &command, const QString &argument);

} // namespace fw::cli
