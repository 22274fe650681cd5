#pragma once
// SqlTime: a time column read back. Times are stored as milliseconds since the epoch in a
// nullable BIGINT; NULL means "no time" (kNoTime), never the epoch.

#include "util/TimeUtil.h"

#include <QVariant>

namespace fw {

inline TimeMs sqlTime(const QVariant &v)
{
    return v.isNull() ? kNoTime : v.toLongLong();
}

} // namespace fw
