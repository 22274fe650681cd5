#include "NotifyLog.h"

namespace fw {

Q_LOGGING_CATEGORY(lcNotify, "fleetwatch.notify", QtInfoMsg)

} // namespace fw
