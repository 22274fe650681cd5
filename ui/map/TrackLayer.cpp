#include "TrackLayer.h"

#include "map/MapProjection.h"

#include <QCoreApplication>
#include <QLinearGradient>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace fw {

namespace {
constexpr int kColorBins = 24;
}

void TrackLayer::setTrack(const QList<Position> &positions)
{
    clear();
    QList<double> speeds;
    for (const Position &p : positions) {
        if (!p.hasCoordinates())
            continue;
        QPointF n = MapProjection::toNormalized(p.latitude, p.longitude);
        if (!m_points.isEmpty()) {
            // Keep the line continuous across the antimeridian (x may leave [0, 1]).
            const double prev = m_points.last().x();
            while (n.x() - prev > 0.5)
                n.rx() -= 1.0;
            while (prev - n.x() > 0.5)
                n.rx() += 1.0;
        }
        m_positions.append(p);
        m_points.append(n);
        m_speeds.append(p.speedKph);
        speeds.append(p.speedKph);
    }
    if (m_points.isEmpty())
        return;
    QPolygonF poly(m_points);
    m_bounds = poly.boundingRect();
    std::sort(speeds.begin(), speeds.end());
    // The 98th percentile, so one GPS glitch at 900 km/h does not wash out the colours.
    const double p98 = speeds.at(std::min<qsizetype>(speeds.size() - 1, speeds.size() * 98 / 100));
    m_maxSpeed = std::max(30.0, std::ceil(p98 / 10.0) * 10.0);
}

void TrackLayer::clear()
{
    m_positions.clear();
    m_points.clear();
    m_speeds.clear();
    m_bounds = {};
    m_maxSpeed = 30.0;
}

QColor TrackLayer::speedColor(double kph, double maxKph)
{
    const double t = std::clamp(maxKph > 0 ? kph / maxKph : 0.0, 0.0, 1.0);
    // Hue from blue (240) through green and yellow to red (0).
    return QColor::fromHsvF(static_cast<float>((1.0 - t) * 240.0 / 360.0), 0.85f, 0.9f);
}

void TrackLayer::paint(
    QPainter *painter, QPointF origin, double worldSize, const QRectF &viewport) const
{
    if (m_points.size() < 2)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF cull = viewport.adjusted(-8, -8, 8, 8);
    // Draw each world copy the view touches (the track may sit near the antimeridian).
    const double left = (origin.x() + viewport.left()) / worldSize;
    const double right = (origin.x() + viewport.right()) / worldSize;
    const int k0 = static_cast<int>(std::floor(left - m_bounds.right()));
    const int k1 = static_cast<int>(std::ceil(right - m_bounds.left()));
    QPen casing(QColor(0, 0, 0, 110), 5.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    for (int k = k0; k <= k1; ++k) {
        auto screen = [&](qsizetype i) {
            return QPointF((m_points.at(i).x() + k) * worldSize - origin.x(),
                m_points.at(i).y() * worldSize - origin.y());
        };
        // Collect visible segments, by colour bin, as runs of polylines.
        QList<QPainterPath> bins(kColorBins);
        QPainterPath all;
        int lastBin = -1;
        QPointF prev = screen(0);
        for (qsizetype i = 1; i < m_points.size(); ++i) {
            const QPointF cur = screen(i);
            if (!QRectF(prev, cur).normalized().adjusted(-1, -1, 1, 1).intersects(cull)) {
                prev = cur;
                lastBin = -1;
                continue;
            }
            const double speed = (m_speeds.at(i - 1) + m_speeds.at(i)) / 2;
            const int bin = m_color.isValid() ? 0
                                              : std::clamp(static_cast<int>(speed / m_maxSpeed
                                                                   * (kColorBins - 1)
                                                               + 0.5),
                                                    0, kColorBins - 1);
            if (bin != lastBin)
                bins[bin].moveTo(prev);
            bins[bin].lineTo(cur);
            all.moveTo(prev);
            all.lineTo(cur);
            lastBin = bin;
            prev = cur;
        }
        painter->strokePath(all, casing);
        for (int b = 0; b < kColorBins; ++b) {
            if (bins.at(b).isEmpty())
                continue;
            const QColor c = m_color.isValid()
                ? m_color
                : speedColor(m_maxSpeed * b / (kColorBins - 1), m_maxSpeed);
            painter->strokePath(
                bins.at(b), QPen(c, 3.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        }
    }
    painter->restore();
}

void TrackLayer::paintLegend(QPainter *painter, const QRectF &area, const QPalette &palette) const
{
    if (isEmpty())
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor bg = palette.color(QPalette::Base);
    bg.setAlpha(220);
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->setBrush(bg);
    painter->drawRoundedRect(area, 4, 4);
    const QRectF bar(area.left() + 8, area.top() + 8, area.width() - 16, 8);
    QLinearGradient g(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 8; ++i)
        g.setColorAt(i / 8.0, speedColor(m_maxSpeed * i / 8.0, m_maxSpeed));
    painter->fillRect(bar, g);
    painter->setPen(palette.color(QPalette::Text));
    const QRectF text(
        area.left() + 8, bar.bottom() + 2, area.width() - 16, area.bottom() - bar.bottom() - 4);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
    painter->drawText(text, Qt::AlignRight | Qt::AlignVCenter,
        TrackLayer::tr("%1 km/h")
            .arg(QLocale().toString(m_maxSpeed, 'f', 0)));
    painter->restore();
}

} // namespace fw
