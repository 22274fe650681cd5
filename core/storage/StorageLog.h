#pragma once
// The logging category of the storage layer (database, migrations, writer thread), so operators
// can turn on detail for storage alone: QT_LOGGING_RULES="fleetwatch.storage.debug=true".
// Nothing in storage logs device passwords or other secrets.

#include <QLoggingCategory>

namespace fw {

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

} // namespace fw
