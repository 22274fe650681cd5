#pragma once
// The logging category of the remote layer (following a shared database from afar).

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRemote)
