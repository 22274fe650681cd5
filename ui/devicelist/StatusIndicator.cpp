#include "StatusIndicator.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QTransform>
#include <algorithm>

namespace fw {

namespace {
const QColor kGreen(0x2e, 0x9e, 0x44);
const QColor kRed(0xd3, 0x3b, 0x2f);
const QColor kAmber(0xe0, 0xa0, 0x00);
const QColor kGrey(0x8a, 0x8f, 0x98);

void paintPadlock(QPainter *p, QPointF c, qreal r)
{
    const QRectF body(c.x() - 0.46 * r, c.y() - 0.08 * r, 0.92 * r, 0.66 * r);
    p->setPen(Qt::NoPen);
    p->setBrush(Qt::white);
    p->drawRoundedRect(body, 0.1 * r, 0.1 * r);
    const qreal half = 0.28 * r;
    QPainterPath shackle;
    shackle.moveTo(c.x() - half, body.top());
    shackle.lineTo(c.x() - half, c.y() - 0.3 * r);
    shackle.arcTo(QRectF(c.x() - half, c.y() - 0.3 * r - half, 2 * half, 2 * half), 180, -180);
    shackle.lineTo(c.x() + half, body.top());
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(Qt::white, std::max<qreal>(1.0, 0.16 * r), Qt::SolidLine, Qt::FlatCap));
    p->drawPath(shackle);
}

void paintGear(QPainter *p, QPointF c, qreal r)
{
    constexpr int kTeeth = 8;
    QPainterPath gear;
    gear.addEllipse(c, 0.36 * r, 0.36 * r);
    QPainterPath teeth;
    const QRectF tooth(-0.1 * r, -0.52 * r, 0.2 * r, 0.3 * r);
    for (int i = 0; i < kTeeth; ++i) {
        QTransform t;
        t.translate(c.x(), c.y());
        t.rotate(360.0 * i / kTeeth);
        teeth.addPolygon(t.map(QPolygonF(tooth)));
        teeth.closeSubpath();
    }
    gear = gear.united(teeth);
    QPainterPath hole;
    hole.addEllipse(c, 0.15 * r, 0.15 * r);
    gear = gear.subtracted(hole);
    p->setPen(Qt::NoPen);
    p->setBrush(kGrey);
    p->drawPath(gear);
}
} // namespace

QColor statusColor(ConnectionStatus status)
{
    switch (status) {
    case ConnectionStatus::Online:
    case ConnectionStatus::GpsOutdated:
        return kGreen;
    case ConnectionStatus::Offline:
        return kRed;
    case ConnectionStatus::AwaitingFirstData:
        return kAmber;
    case ConnectionStatus::Blocked:
    case ConnectionStatus::JustRegistered:
    case ConnectionStatus::NeedsManualActivation:
        return kGrey;
    }
    return kGrey;
}

QColor statusGroupColor(StatusGroup group)
{
    switch (group) {
    case StatusGroup::Online:
    case StatusGroup::GpsOutdated:
        return kGreen;
    case StatusGroup::Offline:
        return kRed;
    case StatusGroup::NotActivated:
        return kAmber;
    case StatusGroup::Blocked:
        return kGrey;
    }
    return kGrey;
}

void paintStatusIndicator(QPainter *painter, const QRectF &rect, ConnectionStatus status)
{
    const qreal side = std::min(rect.width(), rect.height());
    if (side <= 0)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const QPointF c = rect.center();
    const qreal r = side / 2 - std::max<qreal>(0.5, side * 0.06); // outer radius with margin
    const QColor colour = statusColor(status);
    const qreal ring = std::max<qreal>(1.0, side * 0.13);

    switch (status) {
    case ConnectionStatus::Online:
    case ConnectionStatus::Offline:
    case ConnectionStatus::Blocked:
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(c, r, r);
        if (status == ConnectionStatus::Blocked)
            paintPadlock(painter, c, r);
        break;
    case ConnectionStatus::GpsOutdated: {
        const qreal thick = std::max<qreal>(1.5, side * 0.22);
        painter->setPen(QPen(colour, thick));
        painter->setBrush(Qt::white);
        painter->drawEllipse(c, r - thick / 2, r - thick / 2);
        break;
    }
    case ConnectionStatus::JustRegistered:
    case ConnectionStatus::AwaitingFirstData:
    case ConnectionStatus::NeedsManualActivation:
        painter->setPen(QPen(colour, ring));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(c, r - ring / 2, r - ring / 2);
        if (status == ConnectionStatus::NeedsManualActivation)
            paintGear(painter, c, r - ring);
        break;
    }
    painter->restore();
}

QIcon statusIcon(ConnectionStatus status)
{
    QIcon icon;
    for (const int size : { 16, 24, 32, 48, 64 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        paintStatusIndicator(&p, QRectF(0, 0, size, size), status);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace fw
