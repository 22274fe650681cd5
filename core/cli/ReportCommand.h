#pragma once
// `fleetwatch report trips|stops|summary|events|geofences`: the reports of
// ../shared/design/interfaces.md ("Reports") computed by the same ReportBuilder as the window's
// Reports view, from the stored history of one device, a group or the whole fleet, as JSON, CSV
// or (through the window library's writer the program passes in) PDF.

#include "CliServices.h"

#include <QStringList>
#include <QTextStream>

namespace fw::cli {

int runReport(
    const QStringList &args, QTextStream &out, QTextStream &err, const Services &services);

} // namespace fw::cli
