#include "RemoteFleetSource.h"

#include "RemoteCommandSender.h"
#include "RemoteLog.h"
#include "fleet/FleetState.h"
#include "node/DatabaseDeviceDirectory.h"
#include "node/DatabaseHistorySource.h"
#include "status/ConnectionStatus.h"

#include "storage/Database.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace fw {

RemoteFleetSource::RemoteFleetSource(const Parts &parts, QObject *parent)
    : FleetSource(parent)
    , m_parts(parts)
    , m_history(std::make_shared<DatabaseHistorySource>(parts.config))
    , m_directory(std::make_unique<DatabaseDeviceDirectory>(
          parts.database, parts.clock, parts.catalog))
{
    qRegisterMetaType<fw::FleetDelta>();
    qRegisterMetaType<QList<fw::Finding>>();
    // A device's history can be big: it is deleted on a worker, never on the window's thread.
    m_directory->setBackgroundRemoval([this, config = parts.config](const QString &uniqueId) {
        auto *watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, uniqueId] {
            watcher->deleteLater();
            emit deviceRemovalFinished(uniqueId, watcher->result());
        });
        watcher->setFuture(QtConcurrent::run([config, uniqueId]() -> QString {
            Database db;
            if (!db.open(config))
                return db.lastError();
            return db.removeDevice(uniqueId)
                ? QString()
                : DatabaseDeviceDirectory::refusalText(db.lastError());
        }));
    });
    m_thread.setObjectName(QStringLiteral("follower"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

RemoteFleetSource::~RemoteFleetSource()
{
    // The follower (and its fleet) go on their own thread; no answer arrives after this.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_follower;
            m_follower = nullptr;
            delete m_rawFollower;
            m_rawFollower = nullptr;
            delete m_commands;
            m_commands = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context; // its thread has ended
}

DeviceDirectory *RemoteFleetSource::directory() const
{
    return m_directory.get();
}

void RemoteFleetSource::start()
{
    QMetaObject::invokeMethod(m_context, [this] {
        if (m_follower)
            return;
        // Made here so its timers and its connection belong to this thread.
        m_follower = new ChangeFollower(m_parts.config, m_parts.catalog, {});
        connect(m_follower, &ChangeFollower::connectionChanged, this,
            &RemoteFleetSource::connectionChanged);
        connect(m_follower, &ChangeFollower::alertStored, this,
            [this](const Alert &alert) { emit alertStored(alert); });
        // The events the nodes stored (alarms, status packets, connections) reach the window
        // with the fleet's counts once a catch-up is applied. Status changes are not repeated:
        // this side's fleet computes them itself, by the same rules.
        auto pending = std::make_shared<QList<DeviceEvent>>();
        connect(m_follower, &ChangeFollower::eventStored, m_follower,
            [pending](const DeviceEvent &event, qint64) {
                if (event.type != EventType::StatusChange && pending->size() < kMaxEventsPerDelta)
                    pending->append(event);
            });
        connect(m_follower, &ChangeFollower::caughtUp, m_follower, [this, pending] {
            {
                const QMutexLocker lock(&m_statsMutex);
                m_stats = m_follower->stats();
            }
            if (pending->isEmpty() || !m_follower->fleet())
                return;
            FleetDelta d;
            d.counts = m_follower->fleet()->counts();
            d.events = std::exchange(*pending, {});
            d.at = m_follower->clock()->now();
            emit delta(d);
        });
        follow();
        if (m_parts.rawLog && !m_rawFollower) {
            m_rawFollower
                = new RawFrameFollower(m_parts.config, m_parts.rawLog, m_parts.rawFrames);
            m_rawFollower->start();
        }
    });
}

void RemoteFleetSource::follow()
{
    ChangeFollower *follower = m_follower;
    if (!follower)
        return;
    if (!follower->start()) {
        const QString error = follower->lastError();
        qCWarning(lcRemote).noquote() << "cannot follow" << m_parts.config.displayUrl() << ":"
                                      << error << "- trying again in" << m_parts.retryMs << "ms";
        emit connectionChanged(false, error);
        QTimer::singleShot(m_parts.retryMs, follower, [this] { follow(); });
        return;
    }
    FleetState *fleet = follower->fleet();
    // Queued to the window's thread, like the embedded node's deltas; then the first picture.
    connect(fleet, &FleetState::delta, this, &FleetSource::delta);
    fleet->publishFullSnapshot();
    emit connectionChanged(true, {});
    // An edit from this window shows here at once (the follower also reads it back).
    QMetaObject::invokeMethod(this, [this, fleet] { m_directory->setFleet(fleet); });
}

void RemoteFleetSource::requestDeviceView(
    const QString &uniqueId, QObject *context, ViewCallback done)
{
    const QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(m_context, [this, uniqueId, guard, done = std::move(done)] {
        DeviceView v;
        if (m_follower && m_follower->fleet()) {
            v.snapshot = m_follower->fleet()->snapshot(uniqueId);
            v.settings = m_follower->fleet()->settings();
        }
        // This window holds no connection, but a node does while the device is connected,
        // and the command queue reaches it there.
        v.liveSession = v.snapshot && isConnected(v.snapshot->status);
        QMetaObject::invokeMethod(this, [guard, done, v = std::move(v)] {
            if (guard)
                done(v);
        });
    });
}

void RemoteFleetSource::sendCommand(
    const QString &uniqueId, const QByteArray &bytes, QObject *context, SentCallback done)
{
    const QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(m_context, [this, uniqueId, bytes, guard, done = std::move(done)] {
        if (!m_commands)
            m_commands = new RemoteCommandSender(m_parts.config);
        m_commands->queue(uniqueId, bytes, [this, guard, done](bool sent, const QString &why) {
            if (!sent)
                qCInfo(lcRemote).noquote() << "command not sent:" << why;
            QMetaObject::invokeMethod(this, [guard, done, sent] {
                if (guard)
                    done(sent);
            });
        });
    });
}

void RemoteFleetSource::refreshDiagnosis()
{
    // A connected window has no ports of its own to check: its diagnosis is the stored one
    // (the nodes' statuses and heartbeats), read again on request.
    emit findingsChanged(m_nodeFindings);
    emit diagnosisRequested();
}

ChangeFollower::Stats RemoteFleetSource::followerStats() const
{
    const QMutexLocker lock(&m_statsMutex);
    return m_stats;
}

void RemoteFleetSource::setNodeFindings(const QList<Finding> &findings)
{
    m_nodeFindings = findings;
    emit findingsChanged(m_nodeFindings);
}

} // namespace fw
