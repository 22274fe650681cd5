#pragma once
// TroubleshootingController: opens the troubleshooter for a device and keeps it answered. It
// asks the FleetSource for the device's view (without waiting), runs the six checks of
// DeviceTroubleshooter on it and shows them; "Check again" repeats that, "Show raw frames" goes
// to the window's console.

#include <QObject>
#include <QPointer>

class QWidget;

namespace fw {

class Clock;
class DeviceModelCatalog;
class FleetSource;
class ProtocolRegistry;
class TroubleshooterDialog;

class TroubleshootingController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        FleetSource *source = nullptr;
        const ProtocolRegistry *registry = nullptr;
        const DeviceModelCatalog *catalog = nullptr;
        const Clock *clock = nullptr;
        QString serverAddress; // what devices should be configured with
        QWidget *dialogParent = nullptr;
    };

    explicit TroubleshootingController(const Parts &parts, QObject *parent = nullptr);

    // The dialog opened last, while it is open.
    TroubleshooterDialog *dialog() const;

public slots:
    void open(const QString &uniqueId);

signals:
    void showRawFramesRequested(const QString &uniqueId);

private:
    void run(TroubleshooterDialog *dialog, const QString &uniqueId);

    Parts m_parts;
    QPointer<TroubleshooterDialog> m_dialog;
};

} // namespace fw
