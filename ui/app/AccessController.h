#pragma once
// AccessController: what the login of a connected window may do, shown in the window. It asks
// the server at start, every recheckMs after and when the connection comes back
// (Database::capabilities(), on a worker: the window never waits for the database; a role
// granted or revoked meanwhile shows without a restart) and disables, with the reason as tooltip,
// every action that would change what this login may not: devices (register, import, edit, block,
// remove), geofences, rules, commands, acknowledging alerts and the shared fleet settings. The
// server refuses such a statement anyway (privileges, row-level security); this only spares the
// operator the attempt. An embedded window (SQLite or its own database) is not asked: everything
// stays on.

#include "storage/AccessRights.h"
#include "storage/DatabaseConfig.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QTimer;

namespace fw {

class AlertsPanel;
class MainWindow;

class AccessController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        DatabaseConfig database;
        MainWindow *window = nullptr;
        AlertsPanel *alerts = nullptr; // may be null
        int recheckMs = 60'000;
    };

    explicit AccessController(const Parts &parts, QObject *parent = nullptr);

    // Asks the server on a worker, then every recheckMs; rightsKnown() follows each answer that
    // differs from the last (or failed()).
    void start();
    void recheck(); // asks again now (after the question under way, if there is one)
    // Disables what `rights` does not allow (and enables the rest).
    void apply(const AccessRights &rights);
    std::optional<AccessRights> rights() const { return m_rights; }

    // The window's actions (object names) that need a right, for apply() and tests.
    static QStringList deviceActions();

signals:
    void rightsKnown(const fw::AccessRights &rights);
    void failed(const QString &error);

private:
    void ask();

    Parts m_parts;
    QTimer *m_timer = nullptr;
    bool m_asking = false;
    bool m_askAgain = false; // asked while a question was under way
    QPointer<MainWindow> m_window;
    QPointer<AlertsPanel> m_alerts;
    std::optional<AccessRights> m_rights;
};

} // namespace fw
