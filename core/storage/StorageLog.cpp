#include "StorageLog.h"

namespace fw {

Q_LOGGING_CATEGORY(lcStorage, "fleetwatch.storage", QtInfoMsg)

} // namespace fw
