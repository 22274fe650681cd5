#include "SimulatorLog.h"

namespace fw {

Q_LOGGING_CATEGORY(lcSim, "fleetwatch.sim", QtInfoMsg)

} // namespace fw
