#pragma once
// OnlineTimelineWidget: the dashboard's 24-hour line of how many devices were online, drawn with
// QPainter in the online colour (an area under a line, with the largest count and the period's
// ends marked). Hovering shows the time and count under the pointer; the accessible description
// says the range in words for screen readers.

#include "util/TimeUtil.h"

#include <QList>
#include <QWidget>

namespace fw {

class OnlineTimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit OnlineTimelineWidget(QWidget *parent = nullptr);

    // Counts at evenly spaced times from `from` to `to` (both included).
    void setTimeline(TimeMs from, TimeMs to, const QList<int> &counts);
    // The live count replaces the last point until the next stored timeline arrives.
    void setCurrent(int online);
    QList<int> counts() const { return m_counts; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRectF plotRect() const;
    void updateDescription();

    TimeMs m_from = kNoTime;
    TimeMs m_to = kNoTime;
    QList<int> m_counts;
    int m_hover = -1;
};

} // namespace fw
