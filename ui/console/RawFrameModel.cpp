#include "RawFrameModel.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace fw {

namespace {

// The status colours, translucent so the row tint reads on light and dark bases alike.
QColor tint(const char *rgb)
{
    QColor c(QString::fromLatin1(rgb));
    c.setAlpha(64);
    return c;
}

QString ellipsis(const QString &shown, qsizetype total)
{
    return RawFrameModel::tr("%1 … (%n bytes)", nullptr, static_cast<int>(total)).arg(shown);
}

} // namespace

RawFrameModel::RawFrameModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void RawFrameModel::setRawLog(const RawLog *log)
{
    if (log == m_log)
        return;
    removeAllRows();
    m_log = log;
    m_lastSeq = 0;
    m_floorSeq = 0;
}

void RawFrameModel::setMaxRows(int rows)
{
    rows = std::max(1, rows);
    m_maxRows = rows;
    const int excess = rowCount() - rows;
    if (excess > 0) {
        beginRemoveRows({}, 0, excess - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
        endRemoveRows();
    }
}

void RawFrameModel::setFilter(const RawLogFilter &filter)
{
    RawLogFilter f = filter;
    f.afterSeq = 0;
    m_filter = f;
    removeAllRows();
    m_lastSeq = m_floorSeq;
    poll();
}

void RawFrameModel::setHexOnly(bool hexOnly)
{
    if (hexOnly == m_hexOnly)
        return;
    m_hexOnly = hexOnly;
    if (!m_rows.empty()) {
        emit dataChanged(index(0, DataColumn), index(rowCount() - 1, DataColumn),
            { Qt::DisplayRole, Qt::ToolTipRole });
    }
}

int RawFrameModel::poll()
{
    if (!m_log)
        return 0;
    RawLogFilter f = m_filter;
    f.afterSeq = std::max(m_lastSeq, m_floorSeq);
    // Frames up to `head` have been looked at even when none matched, so the next poll does
    // not scan them again.
    const quint64 head = m_log->lastSeq();
    QList<RawFrame> frames = m_log->query(f, m_maxRows);
    m_lastSeq = std::max(head, frames.isEmpty() ? quint64(0) : frames.constLast().seq);
    if (frames.isEmpty())
        return 0;

    const int incoming = static_cast<int>(frames.size());
    const int excess = rowCount() + incoming - m_maxRows;
    if (excess > 0) {
        const int drop = std::min(excess, rowCount());
        beginRemoveRows({}, 0, drop - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + drop);
        endRemoveRows();
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + incoming - 1);
    for (RawFrame &frame : frames)
        m_rows.push_back(std::move(frame));
    endInsertRows();
    return incoming;
}

void RawFrameModel::clearView()
{
    removeAllRows();
    if (m_log)
        m_floorSeq = std::max(m_lastSeq, m_log->lastSeq());
    m_lastSeq = m_floorSeq;
}

void RawFrameModel::removeAllRows()
{
    if (m_rows.empty())
        return;
    beginRemoveRows({}, 0, rowCount() - 1);
    m_rows.clear();
    endRemoveRows();
}

QString RawFrameModel::hexString(const QByteArray &bytes, qsizetype limit)
{
    const QByteArray part = limit >= 0 && bytes.size() > limit ? bytes.left(limit) : bytes;
    return QString::fromLatin1(part.toHex(' '));
}

QString RawFrameModel::printableText(const QByteArray &bytes, qsizetype limit)
{
    const QByteArray part = limit >= 0 && bytes.size() > limit ? bytes.left(limit) : bytes;
    const QString text = QString::fromUtf8(part);
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\r')
            out += u"\\r"_s;
        else if (u == u'\n')
            out += u"\\n"_s;
        else if (u == u'\t')
            out += u"\\t"_s;
        else if (u < 0x20 || u == 0x7f)
            out += u"\\x"_s + QString::number(u, 16).rightJustified(2, u'0');
        else
            out += c;
    }
    return out;
}

QString RawFrameModel::dataText(const RawFrame &f, qsizetype limit) const
{
    const bool asText = f.textual && !m_hexOnly;
    QString shown = asText ? printableText(f.bytes, limit) : hexString(f.bytes, limit);
    if (limit >= 0 && f.bytes.size() > limit)
        shown = ellipsis(shown, f.bytes.size());
    return shown;
}

int RawFrameModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RawFrameModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RawFrameModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RawFrame &f = frameAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return toDateTime(f.time).toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case PortColumn:
            return QString(QString::number(f.localPort) + u'/' + transportId(f.transport));
        case ProtocolColumn:
            return f.protocol;
        case PeerColumn:
            return f.peer;
        case DeviceColumn:
            return f.uniqueId;
        case OutcomeColumn:
            return frameOutcomeTitle(f.outcome);
        case DataColumn:
            return dataText(f, kMaxShownBytes);
        case DetailColumn:
            return f.detail;
        case ReplyColumn:
            return f.reply.size() > kMaxShownBytes
                ? ellipsis(hexString(f.reply, kMaxShownBytes), f.reply.size())
                : hexString(f.reply);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return toIso(f.time);
        case DataColumn:
            return tr("%n bytes", nullptr, static_cast<int>(f.bytes.size()));
        case DetailColumn:
            return f.detail;
        }
        break;
    case Qt::BackgroundRole:
        switch (f.outcome) {
        case FrameOutcome::Undecoded:
            return tint("#d33b2f");
        case FrameOutcome::UnknownDevice:
            return tint("#e0a000");
        case FrameOutcome::DroppedBlocked:
            return tint("#8a8f98");
        case FrameOutcome::Decoded:
            break;
        }
        break;
    case Qt::ForegroundRole:
        if (f.outcome == FrameOutcome::DroppedBlocked)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == PortColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SeqRole:
        return f.seq;
    case OutcomeRole:
        return static_cast<int>(f.outcome);
    case OutcomeIdRole:
        return frameOutcomeId(f.outcome);
    case TimeRole:
        return f.time;
    case BytesRole:
        return f.bytes;
    case ReplyBytesRole:
        return f.reply;
    }
    return {};
}

QVariant RawFrameModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case PortColumn:
        return tr("Port");
    case ProtocolColumn:
        return tr("Protocol");
    case PeerColumn:
        return tr("Peer");
    case DeviceColumn:
        return tr("Device");
    case OutcomeColumn:
        return tr("Outcome");
    case DataColumn:
        return tr("Data");
    case DetailColumn:
        return tr("Decoded / error");
    case ReplyColumn:
        return tr("Reply");
    }
    return {};
}

QString RawFrameModel::headerLine()
{
    RawFrameModel m;
    QStringList titles;
    for (int c = 0; c < ColumnCount; ++c)
        titles << m.headerData(c, Qt::Horizontal).toString();
    return titles.join(u'\t');
}

QString RawFrameModel::rowText(int row) const
{
    const RawFrame &f = frameAt(row);
    QStringList cells;
    cells << toIso(f.time) << data(index(row, PortColumn)).toString() << f.protocol << f.peer
          << f.uniqueId << frameOutcomeId(f.outcome) << dataText(f, -1)
          << QString(f.detail).replace(u'\t', u' ').replace(u'\n', u' ') << hexString(f.reply);
    return cells.join(u'\t');
}

} // namespace fw
