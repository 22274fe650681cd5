#pragma once
// ReportChartWidget: the report's chart beside the map. Hovering moves a cursor and says which
// moment it points at (the map follows with a marker on the track); clicking picks that moment.

#include "ReportChartPainter.h"

#include <QWidget>

namespace fw {

class ReportChartWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ReportChartWidget(QWidget *parent = nullptr);

    void setTrack(const QList<Position> &track);
    const ReportChartPainter &chart() const { return m_chart; }
    void setCursorTime(TimeMs t); // kNoTime hides it
    TimeMs cursorTime() const { return m_cursor; }
    void setHighlight(TimeMs from, TimeMs to); // kNoTime, kNoTime = none
    TimeMs timeAtX(double x) const;

    QSize sizeHint() const override { return { 480, 200 }; }
    QSize minimumSizeHint() const override { return { 200, 120 }; }

signals:
    void hovered(qint64 time); // kNoTime when the pointer leaves
    void clicked(qint64 time);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    ReportChartPainter m_chart;
    TimeMs m_cursor = kNoTime;
    TimeMs m_highlightFrom = kNoTime;
    TimeMs m_highlightTo = kNoTime;
};

} // namespace fw
