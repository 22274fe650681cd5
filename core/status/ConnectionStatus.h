#pragma once
// ConnectionStatus: the seven statuses of status-rules.md and the dashboard groups they roll up
// into. Ids are the stable strings of the command line and JSON; titles are translated.

#include <QMetaType>
#include <QString>
#include <array>

namespace fw {

enum class ConnectionStatus : quint8 {
    Blocked,
    NeedsManualActivation,
    JustRegistered,
    AwaitingFirstData,
    Offline,
    Online,
    GpsOutdated,
};
inline constexpr int kStatusCount = 7;
inline constexpr std::array<ConnectionStatus, kStatusCount> kAllStatuses = {
    ConnectionStatus::Blocked,         ConnectionStatus::NeedsManualActivation,
    ConnectionStatus::JustRegistered,  ConnectionStatus::AwaitingFirstData,
    ConnectionStatus::Offline,         ConnectionStatus::Online,
    ConnectionStatus::GpsOutdated,
};

// Dashboard tiles; NotActivated = NeedsManualActivation + JustRegistered + AwaitingFirstData.
enum class StatusGroup : quint8 { Online, GpsOutdated, Offline, Blocked, NotActivated };

QString statusId(ConnectionStatus s); // "online", "gps-outdated", ...
bool statusFromId(QStringView id, ConnectionStatus *out);
QString statusTitle(ConnectionStatus s); // translated, e.g. "Online, GPS updated"
StatusGroup statusGroup(ConnectionStatus s);
QString statusGroupTitle(StatusGroup g); // translated
bool isNotActivated(ConnectionStatus s);
bool isConnected(ConnectionStatus s); // online or gps-outdated

} // namespace fw

Q_DECLARE_METATYPE(fw::ConnectionStatus)
