#pragma once
// The logging category of the device simulator (connections, replies, runs), shared by its
// source files so operators can turn on detail for the simulator alone:
// QT_LOGGING_RULES="fleetwatch.sim.debug=true".

#include <QLoggingCategory>

namespace fw {

Q_DECLARE_LOGGING_CATEGORY(lcSim)

} // namespace fw
