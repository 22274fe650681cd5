#include "ReportChartWidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

namespace fw {

ReportChartWidget::ReportChartWidget(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Report chart"));
    setAccessibleDescription(tr("Speed and other readings over time; the arrow keys move the "
                                "cursor along the track"));
}

void ReportChartWidget::setTrack(const QList<Position> &track)
{
    m_chart.setTrack(track);
    m_cursor = kNoTime;
    update();
}

void ReportChartWidget::setCursorTime(TimeMs t)
{
    if (m_cursor == t)
        return;
    m_cursor = t;
    update();
}

void ReportChartWidget::setHighlight(TimeMs from, TimeMs to)
{
    m_highlightFrom = from;
    m_highlightTo = to;
    update();
}

TimeMs ReportChartWidget::timeAtX(double x) const
{
    return m_chart.timeAt(x, m_chart.plotArea(QRectF(rect()), font()));
}

void ReportChartWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    m_chart.paint(p, QRectF(rect()), palette(), font(), m_cursor, m_highlightFrom, m_highlightTo);
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

void ReportChartWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (m_chart.isEmpty())
        return;
    const TimeMs t = timeAtX(event->position().x());
    setCursorTime(t);
    emit hovered(t);
}

void ReportChartWidget::mousePressEvent(QMouseEvent *event)
{
    if (m_chart.isEmpty() || event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const TimeMs t = timeAtX(event->position().x());
    setCursorTime(t);
    emit clicked(t);
}

void ReportChartWidget::leaveEvent(QEvent *event)
{
    emit hovered(kNoTime);
    QWidget::leaveEvent(event);
}

void ReportChartWidget::keyPressEvent(QKeyEvent *event)
{
    if (m_chart.isEmpty() || (event->key() != Qt::Key_Left && event->key() != Qt::Key_Right))
        return QWidget::keyPressEvent(event);
    // One step is a hundredth of the period; the cursor starts at the beginning.
    const TimeMs step = std::max<TimeMs>(1, (m_chart.endTime() - m_chart.startTime()) / 100);
    TimeMs t = m_cursor == kNoTime ? m_chart.startTime() : m_cursor;
    t += event->key() == Qt::Key_Left ? -step : step;
    t = std::clamp(t, m_chart.startTime(), m_chart.endTime());
    setCursorTime(t);
    emit clicked(t);
}

} // namespace fw
