#pragma once
// CommandsController: opens the command dialog for a device. It asks the FleetSource for the
// device's view (without waiting), fills in the device's own password from the directory (the
// window's snapshots never carry it), the port the device's protocol listens on, the SMS
// gateway of this desktop, and sends GPRS commands through the FleetSource; replies arrive in
// the source's deltas. With the "SMS through a node" setting (sms/gateway = node) the SMS
// commands are queued in the shared database for a node's gateway instead, from a thread of
// its own (RemoteCommandSender) so the window never waits for the database.

#include "storage/DatabaseConfig.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QVariantMap>

#include <functional>
#include <memory>

class QWidget;

namespace fw {

class Clock;
class CommandDialog;
class DeviceModelCatalog;
class FleetSource;
class RemoteCommandSender;
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
        DatabaseConfig database; // where SMS commands for a node are queued
    };

    explicit CommandsController(const Parts &parts, QObject *parent = nullptr);
    ~CommandsController() override;

    static bool smsThroughNode(); // the setting: sms/gateway = node

    // The dialog opened last, while it is open.
    CommandDialog *dialog() const;

public slots:
    void open(const QString &uniqueId);

private:
    void queueSms(const QString &uniqueId, const QString &typeId, const QVariantMap &params,
                  std::function<void(bool sent, const QString &why)> done);

    Parts m_parts;
    std::unique_ptr<QThread> m_smsThread; // made when the first SMS is queued
    QObject *m_smsContext = nullptr; // lives on m_smsThread
    RemoteCommandSender *m_smsQueue = nullptr; // a child of m_smsContext, on its thread
    QPointer<CommandDialog> m_dialog;
};

} // namespace fw
