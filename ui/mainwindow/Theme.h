#pragma once
// Theme: the window's light and dark palettes. "system" leaves the platform's own style and
// palette; "light" and "dark" use Fusion with a palette of ours, so both read the same on every
// platform (the status colours are chosen to read on either).

#include <QPalette>
#include <QString>

namespace fw {

QPalette darkPalette();
void applyTheme(const QString &theme); // "system", "light", "dark"

} // namespace fw
