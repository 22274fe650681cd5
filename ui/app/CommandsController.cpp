#include "CommandsController.h"

#include "commands/CommandCatalog.h"
#include "commands/CommandDialog.h"
#include "fleet/DeviceDirectory.h"
#include "node/FleetSource.h"
#include "secrets/SessionSecrets.h"

#include <memory>

namespace fw {

CommandsController::CommandsController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{ }

CommandDialog *CommandsController::dialog() const
{
    return m_dialog;
}

void CommandsController::open(const QString &uniqueId)
{
    if (uniqueId.isEmpty())
        return;
    FleetSource *source = m_parts.source;
    source->requestDeviceView(uniqueId, this, [this, source](const FleetSource::DeviceView &v) {
        if (!v.snapshot)
            return; // removed meanwhile
        auto commands = std::make_shared<CommandCatalog>(*m_parts.catalog);
        auto *dialog = new CommandDialog(commands.get(), m_parts.clock, m_parts.dialogParent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        // The catalogue lives as long as the dialog that reads it.
        connect(dialog, &QObject::destroyed, this, [commands] {});
        const QString protocol = commands->protocolOf(v.snapshot->device);
        quint16 port = 0;
        for (const ListenerState &l : v.listeners) {
            if (l.protocol == protocol && l.listening)
                port = l.port;
        }
        dialog->setServer(m_parts.serverAddress, port);
        dialog->setGprsSender([source, dialog](const QString &id, const QByteArray &bytes,
                                  const std::function<void(bool)> &done) {
            source->sendCommand(id, bytes, dialog, done);
        });
        // The window's snapshots carry no secrets: the password comes from the directory.
        Device device = v.snapshot->device;
        if (DeviceDirectory *directory = source->directory())
            device.password = directory->devicePassword(device.uniqueId);
        dialog->setDevice(device, v.liveSession);
        const QHash<QString, QString> secrets
            = m_parts.secrets ? m_parts.secrets->values() : QHash<QString, QString>();
        if (SmsSender *sms = CommandDialog::smsSenderFromSettings(dialog, nullptr, secrets))
            dialog->setSmsSender(sms);
        connect(source, &FleetSource::delta, dialog, &CommandDialog::applyDelta);
        m_dialog = dialog;
        dialog->show();
    });
}

} // namespace fw
