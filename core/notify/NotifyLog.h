#pragma once
// The logging category of the notify layer (e-mail, webhooks, the dispatcher's queues), so
// operators can turn on detail for notifications alone:
// QT_LOGGING_RULES="fleetwatch.notify.debug=true". Nothing here logs the SMTP password.

#include <QLoggingCategory>

namespace fw {

Q_DECLARE_LOGGING_CATEGORY(lcNotify)

} // namespace fw
