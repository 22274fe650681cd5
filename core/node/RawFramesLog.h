#pragma once
// The logging category of the raw frames shared through the database (the node's shipper and
// a connected window's follower).

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRawFrames)
