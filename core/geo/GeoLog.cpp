#include "GeoLog.h"

namespace fw {

Q_LOGGING_CATEGORY(lcGeo, "fleetwatch.geo", QtInfoMsg)

} // namespace fw
