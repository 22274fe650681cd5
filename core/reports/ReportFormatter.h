#pragma once
// ReportFormatter: a ReportResult as the JSON and CSV of the command-line contract
// (../shared/design/interfaces.md, "Reports"). The window's CSV export writes the same bytes.

#include "ReportResult.h"

#include <QByteArray>

namespace fw {

class ReportFormatter
{
public:
    static QByteArray toJson(const ReportResult &result);
    static QByteArray toCsv(const ReportResult &result);
    static QString rootKey(ReportKind kind); // "trips", "stops", "summary", "events", "visits"
};

} // namespace fw
