#pragma once
// `fleetwatch report trips|stops|summary`: the reports of ../shared/design/interfaces.md
// ("Reports") computed by the same TripDetector the window will use, from the stored positions of
// one device, a group or the whole fleet, as JSON or CSV.

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runReport(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace fw::cli
