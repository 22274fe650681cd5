#pragma once
// ReportChartPainter: a device's speed over time (and its altitude, battery and fuel where the
// device reports them) drawn as lines over a time axis, with a cursor line. One painter for the
// window's chart beside the map and for the chart page of the PDF, so both show the same thing.
// The series are extracted once from the positions; painting scales them to any rectangle.

#include "domain/Position.h"

#include <QColor>
#include <QCoreApplication>
#include <QList>
#include <QPointF>
#include <QRectF>

class QFont;
class QPainter;
class QPalette;

namespace fw {

class ReportChartPainter
{
    Q_DECLARE_TR_FUNCTIONS(fw::ReportChartPainter)
public:
    struct Series
    {
        QString title; // "Speed, km/h"
        QColor color;
        QList<QPointF> points; // x = time (ms), y = value
        double min = 0, max = 0;
    };

    void setTrack(const QList<Position> &track); // oldest first
    void clear();
    bool isEmpty() const { return m_series.isEmpty() || m_series.first().points.isEmpty(); }
    const QList<Series> &series() const { return m_series; }
    TimeMs startTime() const { return m_start; }
    TimeMs endTime() const { return m_end; }

    // The plot area inside `rect` (axes and legend take the rest).
    QRectF plotArea(const QRectF &rect, const QFont &font) const;
    TimeMs timeAt(double x, const QRectF &plot) const;
    double xAt(TimeMs t, const QRectF &plot) const;

    // `cursor` = kNoTime draws none; `highlightFrom/To` shades a period (a chosen trip).
    void paint(QPainter &p, const QRectF &rect, const QPalette &palette, const QFont &font,
        TimeMs cursor = kNoTime, TimeMs highlightFrom = kNoTime,
        TimeMs highlightTo = kNoTime) const;

private:
    QList<Series> m_series;
    TimeMs m_start = kNoTime;
    TimeMs m_end = kNoTime;
};

} // namespace fw
