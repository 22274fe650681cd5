#pragma once
// CommandLine: the `fleetwatch` command-line contract of interfaces.md (subcommands, global
// options, exit codes). app/main.cpp asks isCommandLineMode() and hands over; every subcommand
// runs on the core library only, so scripts, administrators and tests drive the same code as
// the window.

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

// True when the arguments ask for a subcommand, --headless, --version or --help rather than the
// desktop window.
bool isCommandLineMode(const QStringList &arguments);

// Runs the command; returns the process exit code. `out` gets results, `err` messages.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

QString helpText();

} // namespace fw::cli
