#pragma once
// The subcommands that work on the database: devices, status, export, events, and the headless
// ingest node. They open the database named by --db (or the default per-user SQLite file) and
// use the same core classes as the window.

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runDevices(const QStringList &args, QTextStream &out, QTextStream &err);
int runStatus(const QStringList &args, QTextStream &out, QTextStream &err);
int runExport(const QStringList &args, QTextStream &out, QTextStream &err);
int runEvents(const QStringList &args, QTextStream &out, QTextStream &err);
int runDiagnose(const QStringList &args, QTextStream &out, QTextStream &err);
int runHeadless(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace fw::cli
