#pragma once
// `fleetwatch geofences`, `rules` and `alerts`: the contract of interfaces.md ("Geofences, rules
// and alerts") over AlertStore, on the same database the ingest nodes evaluate the rules from.
// Every change bumps the configuration version, so running nodes reload within seconds.

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runGeofences(const QStringList &args, QTextStream &out, QTextStream &err);
int runRules(const QStringList &args, QTextStream &out, QTextStream &err);
int runAlerts(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace fw::cli
