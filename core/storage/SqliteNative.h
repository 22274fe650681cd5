#pragma once
// SqliteNative: the SQLite C API path of the writer and the bulk reader, on Qt's own connection
// handle: statements prepared once, values bound without QVariant or QString. Used only when the
// program is built with the C API (FW_HAVE_SQLITE3_API) and Qt's driver runs on the very same
// SQLite library; Database falls back to Qt SQL in every other case. All of the conditional
// compilation lives in SqliteNative.cpp.

#include "SqlDialect.h"
#include "TrackSample.h"
#include "domain/DeviceActivity.h"
#include "domain/DeviceEvent.h"
#include "domain/Position.h"

#include <QList>
#include <QSqlDatabase>

#include <functional>
#include <memory>

namespace fw {

class SqliteNative
{
public:
    struct PositionRow
    {
        qint64 deviceId;
        const Position *position;
    };
    struct EventRow
    {
        qint64 deviceId;
        const DeviceEvent *event;
    };
    struct ActivityRow
    {
        qint64 deviceId;
        const DeviceActivity *activity;
    };
    using PositionCallback = std::function<bool(const Position &)>;

    // Null unless the C API can be used on `connection` (SQLite, the same library, and
    // FW_SQLITE_NATIVE is not 0 in the environment). Detach (destroy) before Qt closes it.
    static std::unique_ptr<SqliteNative> attach(
        const QSqlDatabase &connection, const SqlDialect &dialect);
    ~SqliteNative();
    SqliteNative(const SqliteNative &) = delete;
    SqliteNative &operator=(const SqliteNative &) = delete;

    // One prepared INSERT stepped per row, inside the caller's transaction.
    bool writePositions(const QList<PositionRow> &rows, QString *error);
    bool writeEvents(const QList<EventRow> &rows, QString *error);
    bool writeActivities(const QList<ActivityRow> &rows, QString *error); // upserts
    // The rows Database::forEachPosition() selects with `where` (a time filter and ORDER BY),
    // with unique ids mapped from device ids once.
    bool forEachPosition(const QString &uniqueId, qint64 deviceId, const QString &where,
        const PositionCallback &callback, QString *error);
    // The lean rows of forEachSample(): the same filter, no Position per row.
    using SampleCallback = std::function<bool(const TrackSample &)>;
    bool forEachSample(const QString &where, SampleColumns columns, const SampleCallback &callback,
        QString *error);

private:
    struct Handles;
    explicit SqliteNative(std::unique_ptr<Handles> handles);
    std::unique_ptr<Handles> d;
};

} // namespace fw
