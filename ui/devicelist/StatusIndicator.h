#pragma once
// The status indicator of status-rules.md (disc, ring, hollow circle, lock, gear) painted with
// QPainter rather than bitmaps, so it stays sharp at any DPI and size. Shared by the device list,
// the dashboard tiles and the map, so a status looks the same everywhere.

#include "status/ConnectionStatus.h"

#include <QColor>
#include <QIcon>
#include <QRectF>

class QPainter;

namespace fw {

// The fixed status colours (green, red, amber, grey); they read on light and dark palettes.
QColor statusColor(ConnectionStatus status);
QColor statusGroupColor(StatusGroup group);

// Paints the indicator centred in `rect` (a square of the shorter side). Antialiased; the
// painter state is restored afterwards.
void paintStatusIndicator(QPainter *painter, const QRectF &rect, ConnectionStatus status);

// The indicator as an icon (for menus, combo boxes); drawn at the requested device pixel ratio.
QIcon statusIcon(ConnectionStatus status);

} // namespace fw
