#pragma once
// The logging category of the geocoding layer (reverse geocoder requests, its cache), so an
// operator can see what is asked of the address service:
// QT_LOGGING_RULES="fleetwatch.geocoding.debug=true".

#include <QLoggingCategory>

namespace fw {

Q_DECLARE_LOGGING_CATEGORY(lcGeocoding)

} // namespace fw
