#pragma once
// StatusNotifier: tells the operator when a device they watch changes status, as a tray message
// (or a status-bar line where there is no tray), with an optional sound. Rate-limited per device
// and overall, so a fleet-wide outage does not bury the desktop in messages. The watch list
// persists in the settings.

#include "fleet/DeviceSnapshot.h"

#include <QHash>
#include <QIcon>
#include <QObject>

class QSystemTrayIcon;

namespace fw {

class Clock;

class StatusNotifier : public QObject
{
    Q_OBJECT
public:
    StatusNotifier(const Clock *clock, const QIcon &icon, QObject *parent = nullptr);

    bool isWatched(const QString &uniqueId) const { return m_watched.contains(uniqueId); }
    // `current`: the status the device has now (a change from it is the first message).
    void setWatched(const QString &uniqueId, bool watched, ConnectionStatus current);
    void notify(const FleetDelta &delta);
    // Any other message (a new alert), under the same overall rate limit; false when dropped.
    bool announce(const QString &title, const QString &text, bool sound);

signals:
    // No system tray: the window shows this in its status bar.
    void messageWithoutTray(const QString &title);

private:
    void show(const QString &title, const QString &text, bool sound);

    const Clock *m_clock;
    QIcon m_icon;
    QSystemTrayIcon *m_tray = nullptr;
    QHash<QString, ConnectionStatus> m_watched; // watched device -> last known status
    QHash<QString, TimeMs> m_lastNotified;
    QList<TimeMs> m_recentNotifications;
};

} // namespace fw
