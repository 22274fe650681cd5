#include "ConnectionStatus.h"
#include "StatusTr.h"

#include <QCoreApplication>

namespace fw {

namespace {
constexpr const char *kIds[kStatusCount] = {
    "blocked",      "needs-manual-activation", "just-registered", "awaiting-first-data",
    "offline",      "online",                  "gps-outdated",
};
} // namespace

QString statusId(ConnectionStatus s)
{
    return QString::fromLatin1(kIds[static_cast<int>(s)]);
}

bool statusFromId(QStringView id, ConnectionStatus *out)
{
    for (int i = 0; i < kStatusCount; ++i) {
        if (id == QLatin1String(kIds[i])) {
            *out = static_cast<ConnectionStatus>(i);
            return true;
        }
    }
    return false;
}

QString statusTitle(ConnectionStatus s)
{
    switch (s) {
    case ConnectionStatus::Blocked:
        return StatusTr::tr("Blocked");
    case ConnectionStatus::NeedsManualActivation:
        return StatusTr::tr("Needs manual set-up");
    case ConnectionStatus::JustRegistered:
        return StatusTr::tr("Just registered");
    case ConnectionStatus::AwaitingFirstData:
        return StatusTr::tr("Waiting for first data");
    case ConnectionStatus::Offline:
        return StatusTr::tr("Offline");
    case ConnectionStatus::Online:
        return StatusTr::tr("Online, position current");
    case ConnectionStatus::GpsOutdated:
        return StatusTr::tr("Online, position outdated");
    }
    return {};
}

StatusGroup statusGroup(ConnectionStatus s)
{
    switch (s) {
    case ConnectionStatus::Blocked:
        return StatusGroup::Blocked;
    case ConnectionStatus::NeedsManualActivation:
    case ConnectionStatus::JustRegistered:
    case ConnectionStatus::AwaitingFirstData:
        return StatusGroup::NotActivated;
    case ConnectionStatus::Offline:
        return StatusGroup::Offline;
    case ConnectionStatus::Online:
        return StatusGroup::Online;
    case ConnectionStatus::GpsOutdated:
        return StatusGroup::GpsOutdated;
    }
    return StatusGroup::Offline;
}

QString statusGroupTitle(StatusGroup g)
{
    switch (g) {
    case StatusGroup::Online:
        return StatusTr::tr("Online");
    case StatusGroup::GpsOutdated:
        return StatusTr::tr("GPS outdated");
    case StatusGroup::Offline:
        return StatusTr::tr("Offline");
    case StatusGroup::Blocked:
        return StatusTr::tr("Blocked");
    case StatusGroup::NotActivated:
        return StatusTr::tr("Not activated");
    }
    return {};
}

bool isNotActivated(ConnectionStatus s)
{
    return statusGroup(s) == StatusGroup::NotActivated;
}

bool isConnected(ConnectionStatus s)
{
    return s == ConnectionStatus::Online || s == ConnectionStatus::GpsOutdated;
}

} // namespace fw
