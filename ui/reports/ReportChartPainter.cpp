#include "ReportChartPainter.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
constexpr double kMargin = 6.0;

// A value a device reports under one of a few names, or NaN.
double attributeValue(const Position &p, std::initializer_list<QLatin1StringView> names)
{
    for (QLatin1StringView name : names) {
        const QVariant v = p.attributes.value(QString(name));
        bool ok = false;
        const double d = v.toDouble(&ok);
        if (v.isValid() && ok)
            return d;
    }
    return std::nan("");
}

// A round step for about `ticks` divisions of [0, span].
double niceStep(double span, int ticks)
{
    if (span <= 0)
        return 1;
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
        if (m * power >= raw)
            return m * power;
    }
    return 10 * power;
}
} // namespace

void ReportChartPainter::clear()
{
    m_series.clear();
    m_start = m_end = kNoTime;
}

void ReportChartPainter::setTrack(const QList<Position> &track)
{
    clear();
    Series speed { tr("Speed, km/h"), QColor(0x1f, 0x77, 0xb4), {}, 0, 0 };
    Series altitude { tr("Altitude, m"), QColor(0x8c, 0x56, 0x4b), {}, 0, 0 };
    Series battery { tr("Battery, %"), QColor(0x2c, 0xa0, 0x2c), {}, 0, 0 };
    Series fuel { tr("Fuel"), QColor(0xd6, 0x27, 0x28), {}, 0, 0 };
    bool hasAltitude = false;
    for (const Position &p : track) {
        if (p.deviceTime == kNoTime)
            continue;
        const double x = double(p.deviceTime);
        speed.points.append({ x, p.speedKph });
        altitude.points.append({ x, p.altitude });
        hasAltitude = hasAltitude || p.altitude != 0.0;
        const double level = attributeValue(
            p, { QLatin1StringView("batteryLevel"), QLatin1StringView("battery") });
        if (!std::isnan(level))
            battery.points.append({ x, level });
        const double litres
            = attributeValue(p, { QLatin1StringView("fuel"), QLatin1StringView("fuelLevel") });
        if (!std::isnan(litres))
            fuel.points.append({ x, litres });
    }
    if (speed.points.isEmpty())
        return;
    m_start = TimeMs(speed.points.first().x());
    m_end = TimeMs(speed.points.last().x());
    for (Series *s : { &speed, &altitude, &battery, &fuel }) {
        if (s->points.isEmpty() || (s == &altitude && !hasAltitude))
            continue;
        const auto [lo, hi] = std::minmax_element(s->points.cbegin(), s->points.cend(),
            [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
        s->min = s == &speed ? 0.0 : lo->y();
        s->max = std::max(hi->y(), s->min + (s == &speed ? 10.0 : 1.0));
        m_series.append(*s);
    }
}

QRectF ReportChartPainter::plotArea(const QRectF &rect, const QFont &font) const
{
    const QFontMetricsF fm(font);
    const double left = fm.horizontalAdvance(QStringLiteral("0000")) + 2 * kMargin;
    const double legend = fm.height() + kMargin;
    const double bottom = fm.height() + kMargin;
    return rect.adjusted(left, legend + kMargin, -kMargin, -bottom - kMargin);
}

TimeMs ReportChartPainter::timeAt(double x, const QRectF &plot) const
{
    if (m_start == kNoTime || plot.width() <= 0)
        return kNoTime;
    const double f = std::clamp((x - plot.left()) / plot.width(), 0.0, 1.0);
    return m_start + TimeMs(f * double(m_end - m_start));
}

double ReportChartPainter::xAt(TimeMs t, const QRectF &plot) const
{
    if (m_end <= m_start)
        return plot.left();
    return plot.left() + plot.width() * double(t - m_start) / double(m_end - m_start);
}

void ReportChartPainter::paint(QPainter &p, const QRectF &rect, const QPalette &palette,
    const QFont &font, TimeMs cursor, TimeMs highlightFrom, TimeMs highlightTo) const
{
    p.save();
    p.setFont(font);
    p.fillRect(rect, palette.color(QPalette::Base));
    const QFontMetricsF fm(font);
    const QColor text = palette.color(QPalette::Text);
    const QColor grid = palette.color(QPalette::Mid);
    if (isEmpty()) {
        p.setPen(palette.color(QPalette::PlaceholderText));
        p.drawText(rect, Qt::AlignCenter, tr("No positions to chart"));
        p.restore();
        return;
    }
    const QRectF plot = plotArea(rect, font);

    // Legend along the top, in the series' colours.
    double x = plot.left();
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        const Series &s = m_series.at(i);
        // Only speed has the axis; the others say the range their line spans.
        const QString label = i == 0 ? s.title
                                     : tr("%1 (%2 to %3)")
                                           .arg(s.title, QLocale().toString(s.min, 'f', 0),
                                               QLocale().toString(s.max, 'f', 0));
        p.fillRect(QRectF(x, rect.top() + kMargin + fm.ascent() / 2 - 2, 12, 4), s.color);
        p.setPen(text);
        p.drawText(QPointF(x + 16, rect.top() + kMargin + fm.ascent()), label);
        x += 16 + fm.horizontalAdvance(label) + 14;
    }

    if (highlightFrom != kNoTime && highlightTo != kNoTime) {
        QColor shade = palette.color(QPalette::Highlight);
        shade.setAlpha(50);
        const double x0 = std::clamp(xAt(highlightFrom, plot), plot.left(), plot.right());
        const double x1 = std::clamp(xAt(highlightTo, plot), plot.left(), plot.right());
        p.fillRect(QRectF(QPointF(x0, plot.top()), QPointF(std::max(x1, x0 + 1), plot.bottom())),
            shade);
    }

    // Speed grid and its axis on the left.
    const Series &speed = m_series.first();
    const double step = niceStep(speed.max, 4);
    const double top = std::ceil(speed.max / step) * step;
    p.setPen(QPen(grid, 0, Qt::DotLine));
    for (double v = 0; v <= top + 1e-9; v += step) {
        const double y = plot.bottom() - plot.height() * v / top;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(text);
        p.drawText(QRectF(rect.left(), y - fm.height() / 2, plot.left() - rect.left() - kMargin,
                       fm.height()),
            Qt::AlignRight | Qt::AlignVCenter, QLocale().toString(v, 'f', 0));
        p.setPen(QPen(grid, 0, Qt::DotLine));
    }

    // Time axis: about five labels, dates when the period is longer than a day.
    const TimeMs span = m_end - m_start;
    const bool days = span > 36 * kHour;
    const int labels = std::max(2, int(plot.width() / (fm.horizontalAdvance(QStringLiteral(
                                                           "0000-00-00 00:00"))
                                                       + 20)));
    p.setPen(text);
    for (int i = 0; i <= labels; ++i) {
        const TimeMs t = m_start + span * i / labels;
        const QString label = QDateTime::fromMSecsSinceEpoch(t).toString(
            days ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm"));
        const double lx = xAt(t, plot);
        const double w = fm.horizontalAdvance(label);
        const double left = std::clamp(lx - w / 2, rect.left(), rect.right() - w);
        p.drawText(QPointF(left, plot.bottom() + kMargin + fm.ascent()), label);
    }
    p.setPen(QPen(grid, 1));
    p.drawRect(plot);

    // The series: speed on its axis, the others scaled to their own range.
    p.setRenderHint(QPainter::Antialiasing);
    for (qsizetype i = m_series.size() - 1; i >= 0; --i) {
        const Series &s = m_series.at(i);
        const double lo = i == 0 ? 0.0 : s.min;
        const double hi = i == 0 ? top : s.max;
        QPainterPath path;
        bool first = true; // (a path of a single moveTo still counts as empty)
        for (const QPointF &pt : s.points) {
            const double px = xAt(TimeMs(pt.x()), plot);
            const double py = plot.bottom() - plot.height() * (pt.y() - lo) / (hi - lo);
            if (first)
                path.moveTo(px, py);
            else
                path.lineTo(px, py);
            first = false;
        }
        p.strokePath(path, QPen(s.color, i == 0 ? 1.6 : 1.2));
    }

    if (cursor != kNoTime && cursor >= m_start && cursor <= m_end) {
        const double cx = xAt(cursor, plot);
        p.setPen(QPen(palette.color(QPalette::Highlight), 1.5));
        p.drawLine(QPointF(cx, plot.top()), QPointF(cx, plot.bottom()));
    }
    p.restore();
}

} // namespace fw
