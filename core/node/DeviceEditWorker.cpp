#include "DeviceEditWorker.h"

#include "storage/ChangeSnapshot.h"
#include "storage/Database.h"
#include "storage/DeviceTombstones.h"
#include "storage/HistoryReader.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcDeviceEdits, "fleetwatch.node.devices", QtInfoMsg)

namespace fw {

DeviceEditWorker::DeviceEditWorker(
    const DatabaseConfig &config, qint64 fromSequence, int pollMs, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_pollMs(pollMs)
    , m_seen(fromSequence)
{
    qRegisterMetaType<QList<fw::Device>>();
    qRegisterMetaType<QList<fw::DeviceActivity>>();
}

DeviceEditWorker::~DeviceEditWorker() = default;

void DeviceEditWorker::start()
{
    m_poll = new QTimer(this);
    connect(m_poll, &QTimer::timeout, this, &DeviceEditWorker::look);
    m_poll->start(m_pollMs);
    m_soon = new QTimer(this);
    m_soon->setSingleShot(true);
    m_soon->setInterval(200); // within the second, and at most five looks a second
    connect(m_soon, &QTimer::timeout, this, &DeviceEditWorker::look);
    look();
}

void DeviceEditWorker::stop()
{
    if (m_poll)
        m_poll->stop();
    if (m_soon)
        m_soon->stop();
    m_db.reset();
}

bool DeviceEditWorker::ensureOpen()
{
    if (m_db && m_db->isOpen())
        return true;
    m_db = std::make_unique<Database>();
    if (!m_db->open(m_config)) {
        qCWarning(lcDeviceEdits).noquote() << "device edits: cannot open the database:"
                                           << m_db->lastError();
        m_db.reset();
        return false;
    }
    QSqlDriver *driver = m_db->connection().driver();
    if (driver && driver->subscribeToNotification(Database::notifyChannel())) {
        // Started unless already pending: a busy node's commits do not postpone the look.
        connect(driver, &QSqlDriver::notification, m_soon, [this] {
            if (!m_soon->isActive())
                m_soon->start();
        });
    } else {
        qCWarning(lcDeviceEdits) << "device edits: no notifications; looking once a second";
    }
    return true;
}

void DeviceEditWorker::look()
{
    if (!ensureOpen())
        return;
    QStringList removed;
    QList<Device> devices;
    QList<DeviceActivity> activities;
    qint64 upTo = -1;
    bool ok = false;
    {
        ChangeSnapshot snapshot(*m_db);
        upTo = snapshot.isValid() ? snapshot.reached() : -1;
        if (upTo >= 0 && upTo <= m_seen)
            return;
        ok = upTo >= 0;
        QStringList ids;
        if (ok) {
            QSqlQuery q(m_db->connection());
            q.prepare(QStringLiteral("SELECT unique_id FROM devices WHERE change_seq > ? "
                                     "AND change_seq <= ? ORDER BY change_seq"));
            q.addBindValue(m_seen);
            q.addBindValue(upTo);
            ok = q.exec();
            while (ok && q.next())
                ids.append(q.value(0).toString());
        }
        if (ok) {
            DeviceTombstones tombstones(*m_db);
            const std::optional<QStringList> gone = tombstones.removedBetween(m_seen, upTo);
            ok = gone.has_value();
            if (gone)
                removed = *gone;
        }
        for (qsizetype i = 0; ok && i < ids.size(); ++i) {
            if (const std::optional<Device> d = m_db->findDevice(ids.at(i)))
                devices.append(*d);
        }
        if (ok)
            activities = HistoryReader(*m_db).changedActivities(m_seen, upTo, -1);
        // A failed statement aborts the snapshot: this last one fails too.
        ok = ok && snapshot.reached() == upTo;
        if (!ok)
            qCWarning(lcDeviceEdits).noquote()
                << "device edits: cannot read them:"
                << (snapshot.lastError().isEmpty() ? m_db->lastError() : snapshot.lastError());
    }
    if (!ok) {
        if (!m_db->ping())
            m_db.reset(); // reconnect at the next look, from the same sequence
        return;
    }
    m_seen = upTo;
    if (!activities.isEmpty())
        emit edited({}, {}, activities); // nothing to log: most are this node's own
    if (!removed.isEmpty() || !devices.isEmpty()) {
        qCInfo(lcDeviceEdits).noquote() << "device edits up to change" << upTo << ":"
                                        << devices.size() << "changed," << removed.size()
                                        << "removed";
        emit edited(removed, devices, {});
    }
}

} // namespace fw
