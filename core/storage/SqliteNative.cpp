#include "SqliteNative.h"

#include "AttributesJson.h"
#include "StorageLog.h"
#include "StorageSchema.h"

#include <QSqlDriver>
#include <QSqlQuery>

#include <atomic>
#include <cmath>

#ifdef FW_HAVE_SQLITE3_API
#include <sqlite3.h>
#endif

using namespace Qt::StringLiterals;

namespace fw {

#ifdef FW_HAVE_SQLITE3_API

namespace {

// Binding helpers of the SQLite C API path: the same values the SQL literals of the Qt path
// give (kNoTime, NaN and a null QString are NULL; booleans are 0/1).
void bindTime(sqlite3_stmt *s, int i, TimeMs t)
{
    if (t == kNoTime)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int64(s, i, t);
}

void bindReal(sqlite3_stmt *s, int i, double v)
{
    if (std::isfinite(v))
        sqlite3_bind_double(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

// The bytes stay in `buffer` until the statement has been stepped (SQLITE_STATIC).
void bindUtf8(sqlite3_stmt *s, int i, const QByteArray &buffer)
{
    sqlite3_bind_text(
        s, i, buffer.isEmpty() ? "" : buffer.constData(), int(buffer.size()), SQLITE_STATIC);
}

void bindText(sqlite3_stmt *s, int i, QByteArray &buffer, QStringView text)
{
    if (text.isNull()) {
        sqlite3_bind_null(s, i);
        return;
    }
    buffer.resize(0); // keeps the capacity
    AttributesJson::appendText(buffer, text);
    bindUtf8(s, i, buffer);
}

void bindAttributes(sqlite3_stmt *s, int i, QByteArray &buffer, const Attributes &attributes)
{
    if (attributes.isEmpty()) {
        sqlite3_bind_null(s, i);
        return;
    }
    buffer.resize(0);
    AttributesJson::appendUtf8(buffer, attributes);
    bindUtf8(s, i, buffer);
}

// Runs a bound INSERT and makes the statement ready for the next row.
bool step(sqlite3 *db, sqlite3_stmt *s, QString *error)
{
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        return true;
    }
    *error = QString::fromUtf8(sqlite3_errmsg(db));
    sqlite3_reset(s);
    if (error->isEmpty())
        *error = QString::fromUtf8(sqlite3_errstr(rc));
    return false;
}

bool nativeSqliteDisabled()
{
    return qEnvironmentVariableIsSet("FW_SQLITE_NATIVE")
        && qEnvironmentVariableIntValue("FW_SQLITE_NATIVE") == 0;
}

} // namespace

struct SqliteNative::Handles
{
    sqlite3 *db = nullptr; // Qt's connection handle; Qt owns it
    sqlite3_stmt *insertPosition = nullptr;
    sqlite3_stmt *insertEvent = nullptr;
    sqlite3_stmt *upsertActivity = nullptr;
    QByteArray text[4]; // UTF-8 of the text columns of the row being written

    ~Handles() { reset(); }
    // Before Qt closes the connection: sqlite3_close() refuses while statements exist.
    void reset()
    {
        for (sqlite3_stmt **s : { &insertPosition, &insertEvent, &upsertActivity }) {
            sqlite3_finalize(*s);
            *s = nullptr;
        }
        db = nullptr;
    }
};

SqliteNative::SqliteNative(std::unique_ptr<Handles> handles)
    : d(std::move(handles))
{ }

SqliteNative::~SqliteNative() = default;

std::unique_ptr<SqliteNative> SqliteNative::attach(
    const QSqlDatabase &connection, const SqlDialect &dialect)
{
    if (nativeSqliteDisabled() || connection.driverName() != u"QSQLITE")
        return nullptr;
    QSqlDatabase db = connection;
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    if (!sqlite)
        return nullptr;
    // Qt may carry its own copy of SQLite (Windows and macOS builds often do): then the handle
    // belongs to a different library and must not be touched through ours.
    {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT sqlite_version(), sqlite_source_id()"_s) || !q.next())
            return nullptr;
        const QByteArray version = q.value(0).toString().toUtf8();
        const QByteArray source = q.value(1).toString().toUtf8();
        if (version != sqlite3_libversion() || source != sqlite3_sourceid()) {
            static std::atomic<bool> logged { false };
            if (!logged.exchange(true)) {
                qCInfo(lcStorage).noquote()
                    << "Qt's SQLite" << QString::fromUtf8(version) << "is not the linked SQLite"
                    << QString::fromUtf8(sqlite3_libversion()) << "; using Qt SQL for writes";
            }
            return nullptr;
        }
    }
    const auto prepare = [sqlite](const QString &sql, sqlite3_stmt **statement) {
        const QByteArray utf8 = sql.toUtf8();
        if (sqlite3_prepare_v3(sqlite, utf8.constData(), int(utf8.size()),
                SQLITE_PREPARE_PERSISTENT, statement, nullptr)
            == SQLITE_OK)
            return true;
        qCWarning(lcStorage).noquote()
            << "cannot prepare" << sql << ":" << QString::fromUtf8(sqlite3_errmsg(sqlite));
        return false;
    };
    auto handles = std::make_unique<Handles>();
    Handles &n = *handles;
    if (!prepare(
            dialect.insert(u"positions"_s, StorageSchema::positionColumns(), 1), &n.insertPosition)
        || !prepare(dialect.insert(u"events"_s, StorageSchema::eventColumns(), 1), &n.insertEvent)
        || !prepare(dialect.upsert(
                        u"device_activity"_s, StorageSchema::activityColumns(), u"device_id"_s, 1),
            &n.upsertActivity))
        return nullptr;
    n.db = sqlite;
    return std::unique_ptr<SqliteNative>(new SqliteNative(std::move(handles)));
}

bool SqliteNative::writePositions(const QList<PositionRow> &rows, QString *error)
{
    Handles &n = *d;
    sqlite3_stmt *s = n.insertPosition;
    for (const PositionRow &row : rows) {
        const Position &p = *row.position;
        sqlite3_bind_int64(s, 1, row.deviceId);
        bindTime(s, 2, p.deviceTime);
        bindTime(s, 3, p.serverTime);
        sqlite3_bind_int(s, 4, p.valid ? 1 : 0);
        bindReal(s, 5, p.latitude);
        bindReal(s, 6, p.longitude);
        bindReal(s, 7, p.altitude);
        bindReal(s, 8, p.speedKph);
        bindReal(s, 9, p.course);
        if (p.satellites < 0)
            sqlite3_bind_null(s, 10);
        else
            sqlite3_bind_int(s, 10, p.satellites);
        bindReal(s, 11, p.accuracy);
        bindText(s, 12, n.text[0], p.protocol);
        bindAttributes(s, 13, n.text[1], p.attributes);
        if (!step(n.db, s, error))
            return false;
    }
    return true;
}

bool SqliteNative::writeEvents(const QList<EventRow> &rows, QString *error)
{
    Handles &n = *d;
    sqlite3_stmt *s = n.insertEvent;
    for (const EventRow &row : rows) {
        const DeviceEvent &e = *row.event;
        sqlite3_bind_int64(s, 1, row.deviceId);
        bindTime(s, 2, e.time);
        bindText(s, 3, n.text[0], eventTypeId(e.type));
        bindText(s, 4, n.text[1], e.text);
        bindAttributes(s, 5, n.text[2], e.attributes);
        if (!step(n.db, s, error))
            return false;
    }
    return true;
}

bool SqliteNative::writeActivities(const QList<ActivityRow> &rows, QString *error)
{
    Handles &n = *d;
    sqlite3_stmt *s = n.upsertActivity;
    for (const ActivityRow &row : rows) {
        const DeviceActivity &a = *row.activity;
        sqlite3_bind_int64(s, 1, row.deviceId);
        bindTime(s, 2, a.lastPacketAt);
        bindTime(s, 3, a.lastFixAt);
        bindTime(s, 4, a.lastFixReceivedAt);
        bindTime(s, 5, a.lastPositionAt);
        bindReal(s, 6, a.latitude);
        bindReal(s, 7, a.longitude);
        bindReal(s, 8, a.speedKph);
        bindReal(s, 9, a.course);
        sqlite3_bind_int(s, 10, a.hasLocation ? 1 : 0);
        sqlite3_bind_int(s, 11, a.lastGasp ? 1 : 0);
        bindText(s, 12, n.text[0], StorageSchema::connectionEndId(a.connectionEnd));
        bindText(s, 13, n.text[1], a.protocol);
        bindText(s, 14, n.text[2], a.peer);
        sqlite3_bind_int(s, 15, a.localPort);
        bindText(s, 16, n.text[3], a.reasonState);
        if (!step(n.db, s, error))
            return false;
    }
    return true;
}

bool SqliteNative::forEachPosition(const QString &uniqueId, qint64 deviceId, const QString &where,
    const PositionCallback &callback, QString *error)
{
    // The same rows as the Qt path, read without QVariant and without one QString per column:
    // device ids map to shared unique-id strings (instead of joining devices for every row),
    // a repeated protocol reuses the previous string, attributes are parsed from the UTF-8.
    sqlite3 *db = d->db;
    QHash<qint64, QString> uniqueIds;
    sqlite3_stmt *s = nullptr;
    const auto prepare = [&](const QString &sql) {
        const QByteArray utf8 = sql.toUtf8();
        return sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()), 0, &s, nullptr)
            == SQLITE_OK;
    };
    const auto failed = [&]() {
        *error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(s);
        return false;
    };
    int rc = SQLITE_ROW;
    if (deviceId >= 0) {
        uniqueIds.insert(deviceId, uniqueId);
    } else {
        if (!prepare(u"SELECT id, unique_id FROM devices"_s))
            return failed();
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 1));
            uniqueIds.insert(
                sqlite3_column_int64(s, 0), QString::fromUtf8(text, sqlite3_column_bytes(s, 1)));
        }
        if (rc != SQLITE_DONE)
            return failed();
        sqlite3_finalize(s);
        s = nullptr;
    }
    if (!prepare(u"SELECT p.device_id, p.device_time, p.server_time, p.valid, p.latitude, "
                 "p.longitude, p.altitude, p.speed_kph, p.course, p.satellites, p.accuracy, "
                 "p.protocol, p.attributes FROM positions p"_s
            + where))
        return failed();
    const auto time = [&s](int i) {
        return sqlite3_column_type(s, i) == SQLITE_NULL ? kNoTime : sqlite3_column_int64(s, i);
    };
    QByteArray protocolBytes;
    QString protocol;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const auto it = uniqueIds.constFind(sqlite3_column_int64(s, 0));
        if (it == uniqueIds.constEnd())
            continue; // as the join: positions of a device that is gone are not exported
        Position p;
        p.uniqueId = it.value();
        p.deviceTime = time(1);
        p.serverTime = time(2);
        p.valid = sqlite3_column_int64(s, 3) != 0;
        p.latitude = sqlite3_column_double(s, 4);
        p.longitude = sqlite3_column_double(s, 5);
        p.altitude = sqlite3_column_double(s, 6);
        p.speedKph = sqlite3_column_double(s, 7);
        p.course = sqlite3_column_double(s, 8);
        p.satellites = sqlite3_column_type(s, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 9);
        p.accuracy = sqlite3_column_double(s, 10);
        if (sqlite3_column_type(s, 11) != SQLITE_NULL) {
            const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 11));
            const int size = sqlite3_column_bytes(s, 11);
            const QByteArrayView bytes(text, size);
            if (protocol.isNull() || bytes != protocolBytes) {
                protocolBytes = bytes.toByteArray();
                protocol = QString::fromUtf8(bytes);
            }
            p.protocol = protocol;
        }
        if (sqlite3_column_type(s, 12) != SQLITE_NULL) {
            const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 12));
            p.attributes = AttributesJson::readUtf8(text, sqlite3_column_bytes(s, 12));
        }
        if (!callback(p)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE)
        return failed();
    sqlite3_finalize(s);
    return true;
}

bool SqliteNative::forEachSample(
    const QString &where, SampleColumns columns, const SampleCallback &callback, QString *error)
{
    sqlite3 *db = d->db;
    sqlite3_stmt *s = nullptr;
    const bool all = columns == SampleColumns::All;
    const QByteArray sql = (u"SELECT p.device_time, "_s + (all ? u"p.valid"_s : u"0"_s)
        + u", p.latitude, p.longitude, "_s + (all ? u"p.altitude"_s : u"0"_s)
        + u", p.speed_kph, p.attributes FROM positions p"_s + where)
                               .toUtf8();
    if (sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), 0, &s, nullptr) != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(s);
        return false;
    }
    int rc = SQLITE_ROW;
    TrackSample sample;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sample.time
            = sqlite3_column_type(s, 0) == SQLITE_NULL ? kNoTime : sqlite3_column_int64(s, 0);
        sample.valid = sqlite3_column_int64(s, 1) != 0;
        sample.latitude = sqlite3_column_double(s, 2);
        sample.longitude = sqlite3_column_double(s, 3);
        sample.altitude = sqlite3_column_double(s, 4);
        sample.speedKph = sqlite3_column_double(s, 5);
        const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 6));
        sample.attributes
            = text ? QByteArrayView(text, sqlite3_column_bytes(s, 6)) : QByteArrayView();
        if (!callback(sample)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        *error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(s);
        return false;
    }
    sqlite3_finalize(s);
    return true;
}

#else // Built without the SQLite C API: attach() never succeeds, the rest is never called.

struct SqliteNative::Handles
{
};

SqliteNative::SqliteNative(std::unique_ptr<Handles> handles)
    : d(std::move(handles))
{ }

SqliteNative::~SqliteNative() = default;

std::unique_ptr<SqliteNative> SqliteNative::attach(const QSqlDatabase &, const SqlDialect &)
{
    return nullptr;
}

bool SqliteNative::writePositions(const QList<PositionRow> &, QString *error)
{
    *error = u"the SQLite C API is not available"_s;
    return false;
}

bool SqliteNative::writeEvents(const QList<EventRow> &, QString *error)
{
    *error = u"the SQLite C API is not available"_s;
    return false;
}

bool SqliteNative::writeActivities(const QList<ActivityRow> &, QString *error)
{
    *error = u"the SQLite C API is not available"_s;
    return false;
}

bool SqliteNative::forEachPosition(
    const QString &, qint64, const QString &, const PositionCallback &, QString *error)
{
    *error = u"the SQLite C API is not available"_s;
    return false;
}

bool SqliteNative::forEachSample(
    const QString &, SampleColumns, const SampleCallback &, QString *error)
{
    *error = u"the SQLite C API is not available"_s;
    return false;
}

#endif

} // namespace fw
