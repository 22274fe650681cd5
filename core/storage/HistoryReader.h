#pragma once
// HistoryReader: the bulk reads of stored history on one open Database: positions and events
// streamed oldest first (through a cursor on PostgreSQL, the SQLite C API when it is attached),
// device activity for restoring state at start-up, and counts. Database's read methods hand
// their work to it; it uses that connection's helpers and lasts one call.

#include "TrackSample.h"
#include "domain/DeviceActivity.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QList>
#include <QString>

#include <functional>

class QSqlQuery;

namespace fw {

class Database;

class HistoryReader
{
public:
    using PositionCallback = std::function<bool(const Position &)>;
    using EventCallback = std::function<bool(const DeviceEvent &)>;

    explicit HistoryReader(Database &db);

    // As Database::forEachPosition() and the others describe.
    bool forEachPosition(
        const QString &uniqueId, TimeMs from, TimeMs to, const PositionCallback &callback);
    bool forEachEvent(
        const QString &uniqueId, TimeMs from, TimeMs to, const EventCallback &callback);
    // One device's positions as TrackSamples, oldest first (the reports' read: no Position,
    // no parsed attributes per row). The device must exist.
    using SampleCallback = std::function<bool(const TrackSample &)>;
    bool forEachSample(const QString &uniqueId, TimeMs from, TimeMs to, SampleColumns columns,
        const SampleCallback &callback);
    QList<DeviceActivity> activities();

    // What the change groups after..upTo wrote (Database::stampChange(), PostgreSQL), in the
    // order they were stored; deviceId < 0: every device. The callbacks also get the row's
    // change sequence number and, for positions, the node that stored it.
    using ChangedPositionCallback
        = std::function<bool(const Position &, qint64 changeSeq, const QString &node)>;
    using ChangedEventCallback = std::function<bool(const DeviceEvent &, qint64 changeSeq)>;
    bool forEachChangedPosition(
        qint64 after, qint64 upTo, qint64 deviceId, const ChangedPositionCallback &callback);
    bool forEachChangedEvent(
        qint64 after, qint64 upTo, qint64 deviceId, const ChangedEventCallback &callback);
    QList<DeviceActivity> changedActivities(qint64 after, qint64 upTo, qint64 deviceId);
    qint64 positionCount(const QString &uniqueId, TimeMs from, TimeMs to);
    qint64 eventCount(const QString &uniqueId, TimeMs from, TimeMs to);
    qint64 latestPositionCount();

private:
    static Position readPosition(const QSqlQuery &q);
    static DeviceEvent readEvent(const QSqlQuery &q);
    static QString changeFilter(const QString &table, qint64 after, qint64 upTo, qint64 deviceId);
    QList<DeviceActivity> activities(const QString &whereAndOrder);
    static QString timeFilter(const QString &column, qint64 deviceId, TimeMs from, TimeMs to);
    bool stream(const QString &select, const std::function<bool(const QSqlQuery &)> &row);
    qint64 count(const QString &table, const QString &timeColumn, const QString &uniqueId,
        TimeMs from, TimeMs to);

    Database &m_db;
};

} // namespace fw
