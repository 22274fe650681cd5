#include "RemoteLog.h"

Q_LOGGING_CATEGORY(lcRemote, "fleetwatch.remote", QtInfoMsg)
