#include "DatabaseHistorySource.h"

#include "storage/Database.h"

#include <deque>

namespace fw {

DatabaseHistorySource::DatabaseHistorySource(const DatabaseConfig &config)
    : m_config(config)
{ }

QList<DeviceEvent> DatabaseHistorySource::events(
    const QString &uniqueId, TimeMs from, int limit) const
{
    Database db;
    if (uniqueId.isEmpty() || !db.open(m_config))
        return {};
    std::deque<DeviceEvent> newest;
    db.forEachEvent(uniqueId, from, kNoTime, [&](const DeviceEvent &e) {
        newest.push_back(e);
        if (static_cast<int>(newest.size()) > limit)
            newest.pop_front();
        return true;
    });
    return QList<DeviceEvent>(newest.begin(), newest.end());
}

QList<Position> DatabaseHistorySource::track(
    const QString &uniqueId, TimeMs from, TimeMs to, int limit) const
{
    Database db;
    if (uniqueId.isEmpty() || !db.open(m_config))
        return {};
    std::deque<Position> newest;
    db.forEachPosition(uniqueId, from, to, [&](const Position &p) {
        newest.push_back(p);
        if (static_cast<int>(newest.size()) > limit)
            newest.pop_front();
        return true;
    });
    return QList<Position>(newest.begin(), newest.end());
}

void DatabaseHistorySource::forEachFleetEvent(
    TimeMs from, TimeMs to, const EventVisitor &each) const
{
    Database db;
    if (db.open(m_config))
        db.forEachEvent({}, from, to, each);
}

} // namespace fw
