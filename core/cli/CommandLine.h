#pragma once
// CommandLine: the `fleetwatch` command-line contract of interfaces.md (subcommands, global
// options, exit codes). app/main.cpp asks classify() and hands over; every subcommand
// runs on the core library only, so scripts, administrators and tests drive the same code as
// the window.

#include "CliServices.h"

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

enum class Mode {
    Window, // no subcommand: only the window's own options (--demo, --db, --config, Qt's)
    CommandLine, // a subcommand, --headless, --version or --help
    Invalid, // an unknown subcommand or option: print the error, exit 2, open nothing
};

// Decides what the arguments (argv, program name first) ask for. For Invalid, *error gets a
// one-line message naming the nearest valid command or option.
Mode classify(const QStringList &arguments, QString *error = nullptr);

// Runs the command; returns the process exit code. `out` gets results, `err` messages.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err,
    const Services &services = {});

// Whether the command draws (a PDF report): the program then starts a GUI application on the
// offscreen platform instead of a console one.
bool needsPainting(const QStringList &arguments);

QString helpText();

} // namespace fw::cli
