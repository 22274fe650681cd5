#include "DeviceEditFollower.h"

#include "DeviceEditWorker.h"
#include "fleet/FleetState.h"

namespace fw {

DeviceEditFollower::DeviceEditFollower(const DatabaseConfig &config, FleetState *fleet,
    qint64 fromSequence, int pollMs, QObject *parent)
    : QObject(parent)
    , m_fleet(fleet)
{
    m_thread.setObjectName(QStringLiteral("device-edits"));
    m_worker = new DeviceEditWorker(config, fromSequence, pollMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &DeviceEditWorker::edited, this, &DeviceEditFollower::apply);
}

DeviceEditFollower::~DeviceEditFollower()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_worker, &DeviceEditWorker::stop,
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_worker;
    }
}

void DeviceEditFollower::start()
{
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &DeviceEditWorker::start, Qt::QueuedConnection);
}

void DeviceEditFollower::apply(const QStringList &removed, const QList<Device> &devices,
    const QList<DeviceActivity> &activities)
{
    for (const QString &id : removed) {
        if (m_fleet->snapshot(id))
            m_fleet->removeDevice(id);
    }
    for (const Device &d : devices)
        m_fleet->addOrUpdateDevice(d);
    for (const DeviceActivity &a : activities)
        m_fleet->applyOtherNodesActivity(a);
}

} // namespace fw
