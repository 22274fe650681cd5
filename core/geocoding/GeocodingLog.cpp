#include "GeocodingLog.h"

namespace fw {

Q_LOGGING_CATEGORY(lcGeocoding, "fleetwatch.geocoding", QtInfoMsg)

} // namespace fw
