#include "CommandsController.h"

#include "commands/CommandCatalog.h"
#include "commands/CommandDialog.h"
#include "fleet/DeviceDirectory.h"
#include "node/FleetSource.h"
#include "remote/RemoteCommandSender.h"
#include "secrets/SessionSecrets.h"

#include <QSettings>

#include <memory>

namespace fw {

CommandsController::CommandsController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{ }

CommandsController::~CommandsController()
{
    if (m_smsThread) {
        m_smsThread->quit();
        m_smsThread->wait();
    }
}

bool CommandsController::smsThroughNode()
{
    return QSettings().value(QStringLiteral("sms/gateway")).toString() == u"node";
}

void CommandsController::queueSms(const QString &uniqueId, const QString &typeId,
    const QVariantMap &params, std::function<void(bool sent, const QString &why)> done)
{
    if (!m_smsThread) {
        m_smsThread = std::make_unique<QThread>();
        m_smsThread->setObjectName(QStringLiteral("sms-queue"));
        m_smsContext = new QObject;
        m_smsContext->moveToThread(m_smsThread.get());
        connect(m_smsThread.get(), &QThread::finished, m_smsContext, &QObject::deleteLater);
        m_smsThread->start();
    }
    QMetaObject::invokeMethod(m_smsContext,
        [this, context = m_smsContext, uniqueId, typeId, params, done = std::move(done)] {
            if (!m_smsQueue)
                m_smsQueue = new RemoteCommandSender(m_parts.database, context);
            m_smsQueue->queueSms(uniqueId, typeId, params,
                [this, done](bool sent, const QString &why) {
                    // Posted to this controller: dropped if it is gone by then.
                    QMetaObject::invokeMethod(this, [done, sent, why] { done(sent, why); });
                });
        });
}

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
        if (smsThroughNode()) {
            dialog->setSmsQueue([this](const QString &id, const QString &typeId,
                                    const QVariantMap &params,
                                    std::function<void(bool, const QString &)> done) {
                queueSms(id, typeId, params, std::move(done));
            });
        } else if (SmsSender *sms
                   = CommandDialog::smsSenderFromSettings(dialog, nullptr, secrets)) {
            dialog->setSmsSender(sms);
        }
        connect(source, &FleetSource::delta, dialog, &CommandDialog::applyDelta);
        m_dialog = dialog;
        dialog->show();
    });
}

} // namespace fw
