#pragma once
// The logging category of the geo layer (geofence geometry, index, import), so operators can
// turn on detail for geometry alone: QT_LOGGING_RULES="fleetwatch.geo.debug=true".

#include <QLoggingCategory>

namespace fw {

Q_DECLARE_LOGGING_CATEGORY(lcGeo)

} // namespace fw
