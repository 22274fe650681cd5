#include "RawFramesLog.h"

Q_LOGGING_CATEGORY(lcRawFrames, "fleetwatch.rawframes", QtInfoMsg)
