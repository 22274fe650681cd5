#pragma once
// CommandsController: opens the command dialog for a device. It asks the FleetSource for the
// device's view (without waiting), fills in the device's own password from the directory (the
// window's snapshots never carry it), the port the device's protocol listens on, the SMS
// gateway of this desktop, and sends GPRS commands through the FleetSource; replies arrive in
// the source's deltas.

#include <QObject>
#include <QPointer>

class QWidget;

namespace fw {

class Clock;
class CommandDialog;
class DeviceModelCatalog;
class FleetSource;
class SessionSecrets;

class CommandsController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        FleetSource *source = nullptr;
        const DeviceModelCatalog *catalog = nullptr;
        const Clock *clock = nullptr;
        SessionSecrets *secrets = nullptr; // SMS gateway credentials (may be null)
        QString serverAddress;
        QWidget *dialogParent = nullptr;
    };

    explicit CommandsController(const Parts &parts, QObject *parent = nullptr);

    // The dialog opened last, while it is open.
    CommandDialog *dialog() const;

public slots:
    void open(const QString &uniqueId);

private:
    Parts m_parts;
    QPointer<CommandDialog> m_dialog;
};

} // namespace fw
