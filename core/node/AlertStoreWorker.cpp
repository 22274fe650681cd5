#include "AlertStoreWorker.h"

#include "NodeTr.h"
#include "alerts/AlertStore.h"
#include "geo/GeofenceImport.h"
#include "storage/Database.h"
#include "util/Clock.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

namespace fw {

Q_LOGGING_CATEGORY(lcAlertStoreWorker, "fleetwatch.alerts.window", QtInfoMsg)

AlertStoreWorker::AlertStoreWorker(
    const DatabaseConfig &config, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
{
    qRegisterMetaType<QList<fw::Geofence>>();
    qRegisterMetaType<QList<fw::AlertRule>>();
    qRegisterMetaType<QList<fw::Alert>>();
    qRegisterMetaType<fw::Geofence>();
    qRegisterMetaType<fw::AlertRule>();
}

AlertStoreWorker::~AlertStoreWorker()
{
    m_store.reset();
    m_db.reset();
}

AlertStore *AlertStoreWorker::store()
{
    if (m_store)
        return m_store.get();
    auto db = std::make_unique<Database>();
    if (!db->open(m_config)) {
        fail(db->lastError());
        return nullptr;
    }
    m_db = std::move(db);
    m_store = std::make_unique<AlertStore>(*m_db);
    return m_store.get();
}

void AlertStoreWorker::fail(const QString &error)
{
    qCWarning(lcAlertStoreWorker).noquote() << error;
    emit failed(error);
}

void AlertStoreWorker::loadGeofences()
{
    if (AlertStore *s = store()) {
        if (const auto list = s->geofences())
            emit geofencesLoaded(*list);
        else
            fail(s->lastError());
    }
}

void AlertStoreWorker::saveGeofence(const Geofence &geofence, const QString &replacing)
{
    AlertStore *s = store();
    if (!s)
        return;
    std::optional<Geofence> old;
    if (!replacing.isEmpty()) {
        const auto list = s->geofences();
        for (const Geofence &g : list.value_or(QList<Geofence>())) {
            if (g.name == replacing)
                old = g;
        }
        bool found = false;
        if (old && !s->removeGeofence(replacing, &found))
            return fail(s->lastError());
    }
    if (!s->addGeofences({ geofence })) {
        const QString error = s->lastError();
        if (old)
            s->addGeofences({ *old });
        fail(error);
    }
    loadGeofences();
}

void AlertStoreWorker::importGeofences(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return fail(NodeTr::tr("cannot read %1: %2").arg(fileName, file.errorString()));
    const GeofenceImportResult result
        = GeofenceImport::read(file.readAll(), QFileInfo(fileName).completeBaseName());
    if (!result.ok())
        return fail(NodeTr::tr("%1: %2").arg(QFileInfo(fileName).fileName(), result.error));
    AlertStore *s = store();
    if (!s)
        return;
    if (!s->addGeofences(result.geofences))
        fail(s->lastError());
    loadGeofences();
}

void AlertStoreWorker::removeGeofence(const QString &name)
{
    AlertStore *s = store();
    if (!s)
        return;
    bool found = false;
    if (!s->removeGeofence(name, &found))
        fail(s->lastError());
    loadGeofences();
}

void AlertStoreWorker::loadRules()
{
    if (AlertStore *s = store()) {
        if (const auto list = s->rules())
            emit rulesLoaded(*list);
        else
            fail(s->lastError());
    }
}

void AlertStoreWorker::saveRule(const AlertRule &rule, const QString &replacing)
{
    AlertStore *s = store();
    if (!s)
        return;
    std::optional<AlertRule> old;
    if (!replacing.isEmpty()) {
        for (const AlertRule &r : s->rules().value_or(QList<AlertRule>())) {
            if (r.name == replacing)
                old = r;
        }
        bool found = false;
        if (old && !s->removeRule(replacing, &found))
            return fail(s->lastError());
    }
    if (!s->addRule(rule)) {
        const QString error = s->lastError();
        if (old)
            s->addRule(*old);
        fail(error);
    }
    loadRules();
}

void AlertStoreWorker::removeRule(const QString &name)
{
    AlertStore *s = store();
    if (!s)
        return;
    bool found = false;
    if (!s->removeRule(name, &found))
        fail(s->lastError());
    loadRules();
}

void AlertStoreWorker::loadAlerts(int days)
{
    if (AlertStore *s = store()) {
        const TimeMs from = m_clock->now() - qint64(qMax(1, days)) * kDay;
        if (const auto list = s->alerts(QString(), from, kNoTime))
            emit alertsLoaded(*list);
        else
            fail(s->lastError());
    }
}

void AlertStoreWorker::loadRecentAlerts(qint64 from)
{
    if (AlertStore *s = store()) {
        if (const auto list = s->alerts(QString(), from, kNoTime))
            emit recentAlertsLoaded(*list);
        else
            fail(s->lastError());
    }
}

void AlertStoreWorker::acknowledge(qint64 id, const QString &by, const QString &note)
{
    AlertStore *s = store();
    if (!s)
        return;
    const TimeMs at = m_clock->now();
    bool found = false;
    QString recordedBy; // the database login on PostgreSQL
    if (!s->acknowledge(id, by, at, note, &found, &recordedBy))
        return fail(s->lastError());
    if (!found)
        return fail(NodeTr::tr("alert %1 no longer exists").arg(id));
    emit acknowledged(id, recordedBy, at, note);
}

} // namespace fw
