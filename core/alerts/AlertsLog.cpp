#include "AlertsLog.h"

namespace fw {

Q_LOGGING_CATEGORY(lcAlerts, "fleetwatch.alerts", QtInfoMsg)

} // namespace fw
