#pragma once
// RawFrameModel: the newest frames of the RawLog as table rows, for the raw console. poll()
// asks the log only for frames after the last one it holds, appends them and drops the oldest
// beyond maxRows(), so a busy log costs work proportional to what is new, and views keep their
// selection and scroll position (no model reset on updates).

#include "ingest/RawLog.h"

#include <QAbstractTableModel>
#include <deque>

namespace fw {

class RawFrameModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        PortColumn,
        ProtocolColumn,
        PeerColumn,
        DeviceColumn,
        OutcomeColumn,
        DataColumn,
        DetailColumn,
        ReplyColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SeqRole = Qt::UserRole + 1, // quint64
        OutcomeRole, // int (FrameOutcome)
        OutcomeIdRole, // "decoded", "undecoded", ...
        TimeRole, // qint64 ms since the epoch (UTC)
        BytesRole, // QByteArray: the whole frame
        ReplyBytesRole, // QByteArray
    };
    Q_ENUM(Role)

    static constexpr int kDefaultMaxRows = 5000;
    static constexpr int kMaxShownBytes = 512; // the data column shows at most this much

    explicit RawFrameModel(QObject *parent = nullptr);

    void setRawLog(const RawLog *log); // clears the rows; nullptr detaches
    const RawLog *rawLog() const { return m_log; }

    void setMaxRows(int rows); // trims at once when lower than the current row count
    int maxRows() const { return m_maxRows; }

    // Filters apply to frames as the log holds them: changing one refills the rows.
    void setFilter(const RawLogFilter &filter);
    RawLogFilter filter() const { return m_filter; }

    // Hex for every frame, or text for frames the protocol marks textual.
    void setHexOnly(bool hexOnly);
    bool hexOnly() const { return m_hexOnly; }

    // Fetches frames newer than the last one seen; returns how many rows were appended.
    int poll();
    // Empties the view; frames already in the log do not come back on the next poll.
    void clearView();

    const RawFrame &frameAt(int row) const { return m_rows.at(static_cast<std::size_t>(row)); }
    quint64 lastSeq() const { return m_lastSeq; }
    // One row as tab-separated text (whole data and reply, not truncated), for copy and save.
    QString rowText(int row) const;
    static QString headerLine();

    static QString hexString(const QByteArray &bytes, qsizetype limit = -1);
    static QString printableText(const QByteArray &bytes, qsizetype limit = -1);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void removeAllRows();
    QString dataText(const RawFrame &f, qsizetype limit) const;

    const RawLog *m_log = nullptr;
    std::deque<RawFrame> m_rows;
    RawLogFilter m_filter;
    quint64 m_lastSeq = 0; // newest frame seq asked for so far
    quint64 m_floorSeq = 0; // frames up to here were cleared from the view
    int m_maxRows = kDefaultMaxRows;
    bool m_hexOnly = false;
};

} // namespace fw
