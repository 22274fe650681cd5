#pragma once
// The logging category of the alerts layer (rule evaluation, alert storage), so operators can
// turn on detail for alerts alone: QT_LOGGING_RULES="fleetwatch.alerts.debug=true".

#include <QLoggingCategory>

namespace fw {

Q_DECLARE_LOGGING_CATEGORY(lcAlerts)

} // namespace fw
