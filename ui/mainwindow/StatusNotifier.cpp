#include "StatusNotifier.h"

#include "util/Clock.h"

#include <QApplication>
#include <QSettings>
#include <QSystemTrayIcon>

namespace fw {

namespace {
constexpr TimeMs kNotifyPerDevice = kMinute; // at most one notification a minute per device
constexpr int kNotifyPerMinute = 5; // and a handful a minute overall
const QString kWatchedKey = QStringLiteral("notifications/watched");
} // namespace

StatusNotifier::StatusNotifier(const Clock *clock, const QIcon &icon, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_icon(icon)
{
    for (const QString &id : QSettings().value(kWatchedKey).toStringList())
        m_watched.insert(id, ConnectionStatus::AwaitingFirstData);
}

void StatusNotifier::setWatched(const QString &uniqueId, bool watched, ConnectionStatus current)
{
    if (uniqueId.isEmpty())
        return;
    if (watched)
        m_watched.insert(uniqueId, current);
    else
        m_watched.remove(uniqueId);
    QSettings().setValue(kWatchedKey, QStringList(m_watched.keys()));
}

void StatusNotifier::notify(const FleetDelta &delta)
{
    if (m_watched.isEmpty())
        return;
    const QSettings settings;
    const bool enabled = settings.value(QStringLiteral("notifications/enabled"), true).toBool();
    const TimeMs now = m_clock->now();
    for (const DeviceSnapshot &s : delta.changed) {
        auto it = m_watched.find(s.device.uniqueId);
        if (it == m_watched.end())
            continue;
        const ConnectionStatus before = it.value();
        it.value() = s.status;
        if (delta.reset || before == s.status || !enabled)
            continue;
        // Rate limits: per device and overall.
        if (now - m_lastNotified.value(s.device.uniqueId, kNoTime) < kNotifyPerDevice
            && m_lastNotified.contains(s.device.uniqueId))
            continue;
        m_recentNotifications.removeIf([now](TimeMs t) { return now - t > kMinute; });
        if (m_recentNotifications.size() >= kNotifyPerMinute)
            continue;
        m_lastNotified.insert(s.device.uniqueId, now);
        m_recentNotifications.append(now);
        show(tr("%1: %2").arg(s.device.name, statusTitle(s.status)), s.reason.text(),
             settings.value(QStringLiteral("notifications/sound"), false).toBool());
    }
}

bool StatusNotifier::announce(const QString &title, const QString &text, bool sound)
{
    const TimeMs now = m_clock->now();
    m_recentNotifications.removeIf([now](TimeMs t) { return now - t > kMinute; });
    if (m_recentNotifications.size() >= kNotifyPerMinute)
        return false;
    m_recentNotifications.append(now);
    show(title, text, sound);
    return true;
}

void StatusNotifier::show(const QString &title, const QString &text, bool sound)
{
    if (!m_tray && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(m_icon, this);
        m_tray->show();
    }
    if (m_tray)
        m_tray->showMessage(title, text);
    else
        emit messageWithoutTray(title);
    if (sound)
        QApplication::beep();
}

} // namespace fw
