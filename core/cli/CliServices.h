#pragma once
// Services: what the command line needs from libraries above the core, passed in by the
// composition root (app/main.cpp) instead of the core reaching up to them. Empty members mean
// the build has no such service; the command says so.

#include <QString>

#include <functional>

namespace fw {
struct ReportResult;
}

namespace fw::cli {

struct Services
{
    // Writes a report as a PDF file (title page, table, chart, map picture of the tracks).
    std::function<bool(const ReportResult &result, const QString &path, QString *error)>
        writeReportPdf;
};

} // namespace fw::cli
