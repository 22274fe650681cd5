#include "TroubleshootingController.h"

#include "diagnostics/DeviceTroubleshooter.h"
#include "diagnostics/TroubleshooterDialog.h"
#include "node/FleetSource.h"
#include "util/Clock.h"

namespace fw {

TroubleshootingController::TroubleshootingController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{ }

TroubleshooterDialog *TroubleshootingController::dialog() const
{
    return m_dialog;
}

void TroubleshootingController::open(const QString &uniqueId)
{
    if (uniqueId.isEmpty())
        return;
    auto *dialog = new TroubleshooterDialog(uniqueId, m_parts.dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TroubleshooterDialog::rerunRequested, this,
        [this, dialog](const QString &id) { run(dialog, id); });
    connect(dialog, &TroubleshooterDialog::showRawFramesRequested, this,
        &TroubleshootingController::showRawFramesRequested);
    m_dialog = dialog;
    run(dialog, uniqueId);
    dialog->show();
}

void TroubleshootingController::run(TroubleshooterDialog *dialog, const QString &uniqueId)
{
    // The dialog is the context: closed before the answer arrives, the answer is dropped.
    m_parts.source->requestDeviceView(
        uniqueId, dialog, [this, dialog, uniqueId](const FleetSource::DeviceView &v) {
            TroubleshootInput in;
            in.now = m_parts.clock->now();
            in.device.uniqueId = uniqueId;
            if (v.snapshot)
                in.device = v.snapshot->device;
            in.snapshot = v.snapshot;
            in.rawLog = m_parts.source->rawLog();
            in.listeners = v.listeners;
            in.selfCheck = v.selfCheck;
            in.unknown = v.unknown;
            in.settings = v.settings;
            in.serverAddress = m_parts.serverAddress;
            dialog->setSteps(DeviceTroubleshooter(*m_parts.registry, *m_parts.catalog).run(in));
        });
}

} // namespace fw
