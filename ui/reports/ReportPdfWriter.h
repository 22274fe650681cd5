#pragma once
// ReportPdfWriter: a report as a PDF a dispatcher can print or mail: a title page (what, which
// period, which devices, the totals) with a map picture of the tracks, a chart page per device
// (the same chart as the window), and the table, page after page with its header repeated.
// The map picture is drawn by the window's own map with its tile source, or the built-in
// basemap alone when there is none (the command line). Needs a QApplication (it draws widgets).

#include "reports/ReportResult.h"

#include <QColor>
#include <QCoreApplication>

class QPainter;

namespace fw {

class TileSource;

class ReportPdfWriter
{
    Q_DECLARE_TR_FUNCTIONS(fw::ReportPdfWriter)
public:
    void setTileSource(TileSource *source) { m_tiles = source; } // not owned; may be null
    void setTitle(const QString &title) { m_title = title; } // default: the kind's title
    static constexpr int kMaxChartDevices = 6; // one chart each for the first ones

    bool write(const ReportResult &result, const QString &path, QString *error) const;

    static QString kindTitle(ReportKind kind); // "Trips", "Stops", ...
    static QColor deviceColor(int index); // the colour of the index-th device's track
    static QStringList totalsLines(const ReportResult &result); // what the title page sums up

private:
    TileSource *m_tiles = nullptr;
    QString m_title;
};

} // namespace fw
