#pragma once
// WindowLayout: where the window and its docks go on a screen the operator has not arranged yet,
// in proportion to the screen's available area (a 1366x768 laptop gets the whole screen, a 4K
// monitor a comfortable part of it), and the settings key under which an arrangement is kept
// for each screen size, so a laptop on its own and docked to a big monitor each keep their own.

#include <QRect>
#include <QString>

namespace fw {

struct DockSizes
{
    QRect geometry; // the window's, within the available area
    bool maximized = false; // small screens: the whole area, as the platform maximises
    int listWidth = 0;
    int detailsWidth = 0;
    int bottomHeight = 0;
};

class WindowLayout
{
public:
    // `listNeeds`: the width at which the device list shows its default columns in full.
    static DockSizes defaults(const QRect &available, int listNeeds);
    // e.g. "window/1366x768"; geometry and dock state are kept under it.
    static QString settingsGroup(const QSize &screen);
    // A remembered geometry moved and shrunk to fit the available area (screens change).
    static QRect fitted(const QRect &geometry, const QRect &available);
};

} // namespace fw
