#pragma once
// DatabaseHistorySource: the window's HistorySource answered from the database. Each call opens
// a short-lived connection of its own, so it is safe from any thread (the window reads on a
// worker pool) and never shares a connection with the writer.

#include "fleet/HistorySource.h"
#include "storage/DatabaseConfig.h"

namespace fw {

// Reads through its own short-lived connection per call, so it is safe from any thread.
class DatabaseHistorySource final : public HistorySource
{
public:
    explicit DatabaseHistorySource(const DatabaseConfig &config);
    QList<DeviceEvent> events(const QString &uniqueId, TimeMs from, int limit) const override;
    QList<Position> track(
        const QString &uniqueId, TimeMs from, TimeMs to, int limit) const override;
    void forEachFleetEvent(TimeMs from, TimeMs to, const EventVisitor &each) const override;

private:
    DatabaseConfig m_config;
};

} // namespace fw
