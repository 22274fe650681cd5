#pragma once
// PostgresSampleReader: the reports' read of one device's positions on PostgreSQL as one binary
// COPY ... TO STDOUT through libpq on Qt's own connection. Qt's driver fetches text, turns every
// value into a QVariant and needs a cursor with a round trip per 2,000 rows; a month of a fleet
// is ten million rows, so the reports spent most of their time there. The rows come ordered by
// device time only (a plain index scan of (device_id, device_time)); rows with the same time are
// put in id order here, so the order is exactly HistoryReader's "device time, then id" without
// the server sorting every row. Used only when built with libpq (FW_HAVE_LIBPQ).

#include "TrackSample.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace fw {

class PostgresSampleReader
{
public:
    using SampleCallback = std::function<bool(const TrackSample &)>;

    // Null unless `connection` is an open QPSQL connection, the program is built with libpq and
    // FW_PG_COPY is not 0 in the environment (0 keeps Qt SQL's cursor).
    static std::unique_ptr<PostgresSampleReader> attach(const QSqlDatabase &connection);

    // The samples of device `deviceId` with from <= device time <= to (kNoTime: no bound), oldest
    // first, equal times in id order; stops early when the callback returns false. False and
    // *error on a failure of the server, the connection or the data.
    bool forEachSample(qint64 deviceId, TimeMs from, TimeMs to, SampleColumns columns,
        const SampleCallback &callback, QString *error);

private:
    explicit PostgresSampleReader(void *connection);

    // One row of the COPY: the sample, its id, and its attribute bytes kept while its time's
    // group of rows waits to be put in id order.
    struct PendingRow
    {
        TrackSample sample;
        qint64 id = 0;
        QByteArray attributes;
    };
    bool flushGroup(const SampleCallback &callback);

    void *m_connection; // PGconn*, owned by Qt's driver
    QList<PendingRow> m_group; // rows of one device time, reused
};

} // namespace fw
