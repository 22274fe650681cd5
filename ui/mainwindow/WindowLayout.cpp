#include "WindowLayout.h"

#include <QSize>
#include <algorithm>

namespace fw {

namespace {
// Below this the window takes the whole available area; above it, a share of it.
constexpr int kSmallScreenWidth = 1600;
constexpr int kSmallScreenHeight = 900;
constexpr double kLargeScreenShare = 0.85;
} // namespace

DockSizes WindowLayout::defaults(const QRect &available, int listNeeds)
{
    DockSizes sizes;
    if (available.width() <= kSmallScreenWidth || available.height() <= kSmallScreenHeight) {
        sizes.geometry = available;
        sizes.maximized = true;
    } else {
        const QSize size(int(available.width() * kLargeScreenShare),
            int(available.height() * kLargeScreenShare));
        sizes.geometry = QRect(QPoint(0, 0), size);
        sizes.geometry.moveCenter(available.center());
    }
    const int width = sizes.geometry.width();
    const int height = sizes.geometry.height();
    // The list, the heart of the window, gets what its default columns need (up to 40%);
    // the details a narrower column; the map the rest.
    sizes.listWidth = std::clamp(std::max(listNeeds, int(width * 0.28)), 240, int(width * 0.40));
    sizes.detailsWidth = std::clamp(int(width * 0.22), 240, 520);
    sizes.bottomHeight = std::clamp(int(height * 0.22), 130, 360);
    return sizes;
}

QString WindowLayout::settingsGroup(const QSize &screen)
{
    return QStringLiteral("window/%1x%2").arg(screen.width()).arg(screen.height());
}

QRect WindowLayout::fitted(const QRect &geometry, const QRect &available)
{
    QRect r = geometry;
    r.setWidth(std::min(r.width(), available.width()));
    r.setHeight(std::min(r.height(), available.height()));
    if (r.right() > available.right())
        r.moveRight(available.right());
    if (r.bottom() > available.bottom())
        r.moveBottom(available.bottom());
    if (r.left() < available.left())
        r.moveLeft(available.left());
    if (r.top() < available.top())
        r.moveTop(available.top());
    return r;
}

} // namespace fw
