#include "FleetSettingsStore.h"

#include "storage/Database.h"

namespace fw {

namespace {
const QString kFreshness = QStringLiteral("status.gpsFreshnessSecs");
const QString kOffline = QStringLiteral("status.offlineTimeoutSecs");
const QString kFuture = QStringLiteral("status.futureToleranceSecs");
const QString kRetention = QStringLiteral("storage.retentionDays");

qint64 readSeconds(Database &db, const QString &key, qint64 fallback)
{
    bool ok = false;
    const qint64 v = db.setting(key, QString()).toLongLong(&ok);
    return ok && v > 0 ? v : fallback;
}
} // namespace

FleetSettings FleetSettingsStore::load(Database &db)
{
    FleetSettings s;
    s.status.gpsFreshness = readSeconds(db, kFreshness, s.status.gpsFreshness / kSecond) * kSecond;
    s.status.defaultOfflineTimeout =
        readSeconds(db, kOffline, s.status.defaultOfflineTimeout / kSecond) * kSecond;
    s.status.futureTolerance =
        readSeconds(db, kFuture, s.status.futureTolerance / kSecond) * kSecond;
    s.retentionDays = static_cast<int>(readSeconds(db, kRetention, 0));
    return s;
}

bool FleetSettingsStore::save(Database &db, const FleetSettings &settings)
{
    const StatusSettings &status = settings.status;
    return db.setSetting(kFreshness, QString::number(status.gpsFreshness / kSecond))
        && db.setSetting(kOffline, QString::number(status.defaultOfflineTimeout / kSecond))
        && db.setSetting(kFuture, QString::number(status.futureTolerance / kSecond))
        && db.setSetting(kRetention, QString::number(settings.retentionDays));
}

} // namespace fw
