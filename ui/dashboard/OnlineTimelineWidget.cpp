#include "OnlineTimelineWidget.h"

#include "devicelist/StatusIndicator.h"

#include <QDateTime>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace fw {

OnlineTimelineWidget::OnlineTimelineWidget(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleName(tr("Devices online in the last 24 hours"));
    updateDescription();
}

void OnlineTimelineWidget::setTimeline(TimeMs from, TimeMs to, const QList<int> &counts)
{
    m_from = from;
    m_to = to;
    m_counts = counts;
    updateDescription();
    update();
}

void OnlineTimelineWidget::setCurrent(int online)
{
    if (m_counts.isEmpty() || m_counts.constLast() == online)
        return;
    m_counts.last() = online;
    updateDescription();
    update();
}

QSize OnlineTimelineWidget::sizeHint() const
{
    return { fontMetrics().averageCharWidth() * 34, fontMetrics().height() * 4 };
}

QSize OnlineTimelineWidget::minimumSizeHint() const
{
    return { fontMetrics().averageCharWidth() * 16, fontMetrics().height() * 3 };
}

QRectF OnlineTimelineWidget::plotRect() const
{
    const QFontMetrics fm = fontMetrics();
    return QRectF(rect()).adjusted(4, fm.height() + 2, -4, -(fm.height() + 2));
}

void OnlineTimelineWidget::updateDescription()
{
    if (m_counts.isEmpty()) {
        setAccessibleDescription(tr("No stored status changes yet."));
        return;
    }
    const auto [lo, hi] = std::minmax_element(m_counts.cbegin(), m_counts.cend());
    setAccessibleDescription(tr("Between %1 and %2 devices online; %3 now.")
                                 .arg(*lo)
                                 .arg(*hi)
                                 .arg(m_counts.constLast()));
}

void OnlineTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QFontMetrics fm = fontMetrics();
    const QColor colour = statusGroupColor(StatusGroup::Online);
    QColor muted = pal.color(QPalette::WindowText);
    muted.setAlphaF(0.7);

    p.setPen(pal.color(QPalette::WindowText));
    p.drawText(QRect(0, 0, width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
        tr("Online, last 24 hours"));
    const QRectF plot = plotRect();
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.setPen(muted);
    const QRect footer(0, int(plot.bottom()) + 2, width(), fm.height());
    p.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, tr("24 h ago"));
    p.drawText(footer, Qt::AlignRight | Qt::AlignVCenter, tr("now"));
    if (m_counts.size() < 2 || plot.width() < 4 || plot.height() < 4) {
        p.drawText(plot, Qt::AlignCenter, tr("no data yet"));
        return;
    }
    const int top = std::max(1, *std::max_element(m_counts.cbegin(), m_counts.cend()));
    p.drawText(QRect(0, 0, width() - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
        tr("max %1").arg(QLocale().toString(top)));

    const auto pointAt = [&](int i) {
        const qreal x = plot.left() + plot.width() * i / (m_counts.size() - 1);
        const qreal y = plot.bottom() - plot.height() * m_counts.at(i) / top;
        return QPointF(x, y);
    };
    QPainterPath line;
    line.moveTo(pointAt(0));
    for (int i = 1; i < m_counts.size(); ++i)
        line.lineTo(pointAt(i));
    QPainterPath area = line;
    area.lineTo(plot.bottomRight());
    area.lineTo(plot.bottomLeft());
    area.closeSubpath();
    QColor fill = colour;
    fill.setAlphaF(0.25);
    p.fillPath(area, fill);
    p.setPen(QPen(colour, 2));
    p.drawPath(line);
    if (m_hover >= 0 && m_hover < m_counts.size()) {
        const QPointF at = pointAt(m_hover);
        p.setPen(QPen(pal.color(QPalette::WindowText), 1, Qt::DashLine));
        p.drawLine(QPointF(at.x(), plot.top()), QPointF(at.x(), plot.bottom()));
        p.setBrush(colour);
        p.drawEllipse(at, 3, 3);
    }
}

void OnlineTimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QRectF plot = plotRect();
    if (m_counts.size() < 2 || plot.width() <= 0) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    const qreal fraction
        = std::clamp((event->position().x() - plot.left()) / plot.width(), 0.0, 1.0);
    const int index = int(std::lround(fraction * (m_counts.size() - 1)));
    if (index != m_hover) {
        m_hover = index;
        update();
    }
    const TimeMs at = m_from + (m_to - m_from) * index / (m_counts.size() - 1);
    const QString when
        = QLocale().toString(QDateTime::fromMSecsSinceEpoch(at).time(), QLocale::ShortFormat);
    QToolTip::showText(event->globalPosition().toPoint(),
        tr("%1: %n device(s) online", nullptr, m_counts.at(index)).arg(when), this);
}

void OnlineTimelineWidget::leaveEvent(QEvent *event)
{
    m_hover = -1;
    update();
    QWidget::leaveEvent(event);
}

} // namespace fw
