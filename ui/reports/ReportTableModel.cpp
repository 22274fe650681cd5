#include "ReportTableModel.h"

#include "events/EventLogModel.h"

#include <QDateTime>
#include <QLocale>

namespace fw {

namespace {
QString km(double v)
{
    return QLocale().toString(v, 'f', v < 100 ? 2 : 1);
}

QString kph(double v)
{
    return QLocale().toString(v, 'f', 0);
}

// The street address when the geocoder gave one, else the coordinates.
QString place(double lat, double lon, const QString &address = QString())
{
    if (!address.isEmpty())
        return address;
    return QStringLiteral("%1, %2").arg(lat, 0, 'f', 5).arg(lon, 0, 'f', 5);
}
} // namespace

ReportTableModel::ReportTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ReportTableModel::setResult(const ReportResult &result)
{
    beginResetModel();
    m_result = result;
    m_result.tracks.clear(); // the table needs only the rows
    endResetModel();
}

void ReportTableModel::updateAddresses(const ReportResult &result, int row)
{
    if (result.kind != m_result.kind || row < 0 || row >= rowCount())
        return;
    int first = 0, last = 0;
    if (m_result.kind == ReportKind::Trips && row < result.trips.size()) {
        m_result.trips[row].startAddress = result.trips.at(row).startAddress;
        m_result.trips[row].endAddress = result.trips.at(row).endAddress;
        first = 7;
        last = 8;
    } else if (m_result.kind == ReportKind::Stops && row < result.stops.size()) {
        m_result.stops[row].address = result.stops.at(row).address;
        first = last = 4;
    } else {
        return;
    }
    m_result.hasAddresses = true;
    emit dataChanged(index(row, first), index(row, last), { Qt::DisplayRole, Qt::ToolTipRole });
}

void ReportTableModel::clear()
{
    setResult(ReportResult());
}

bool ReportTableModel::dailySummary() const
{
    return m_result.kind == ReportKind::Summary && !m_result.summary.isEmpty()
        && m_result.summary.first().day.isValid();
}

QString ReportTableModel::durationText(qint64 seconds)
{
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString ReportTableModel::timeText(TimeMs t)
{
    if (t == kNoTime)
        return {};
    return QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QStringList ReportTableModel::columnTitles() const
{
    switch (m_result.kind) {
    case ReportKind::Trips:
        return { tr("Device"), tr("Start"), tr("End"), tr("Duration"), tr("Distance, km"),
            tr("Max speed, km/h"), tr("Average speed, km/h"), tr("From"), tr("To") };
    case ReportKind::Stops:
        return { tr("Device"), tr("Start"), tr("End"), tr("Duration"), tr("Place") };
    case ReportKind::Summary:
        if (dailySummary())
            return { tr("Device"), tr("Day"), tr("Distance, km"), tr("Moving"),
                tr("Engine hours"), tr("Max speed, km/h"), tr("Average speed, km/h"),
                tr("Trips") };
        return { tr("Device"), tr("Distance, km"), tr("Moving"), tr("Engine hours"),
            tr("Max speed, km/h"), tr("Average speed, km/h"), tr("Trips") };
    case ReportKind::Events:
        return { tr("Time"), tr("Device"), tr("Type"), tr("Text") };
    case ReportKind::Visits:
        return { tr("Device"), tr("Geofence"), tr("Entered"), tr("Left"), tr("Duration") };
    }
    return {};
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_result.rowCount());
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(columnTitles().size());
}

QString ReportTableModel::cellText(int row, int column) const
{
    const ReportResult &r = m_result;
    switch (r.kind) {
    case ReportKind::Trips: {
        const TripRecord &t = r.trips.at(row);
        const QString cells[] = { r.deviceName(t.uniqueId), timeText(t.start), timeText(t.end),
            durationText(t.durationS()), km(t.distanceKm), kph(t.maxSpeedKph),
            kph(t.avgSpeedKph), place(t.startLat, t.startLon, t.startAddress),
            place(t.endLat, t.endLon, t.endAddress) };
        return cells[column];
    }
    case ReportKind::Stops: {
        const StopRecord &s = r.stops.at(row);
        const QString cells[] = { r.deviceName(s.uniqueId), timeText(s.start), timeText(s.end),
            durationText(s.durationS()), place(s.lat, s.lon, s.address) };
        return cells[column];
    }
    case ReportKind::Summary: {
        const SummaryRecord &s = r.summary.at(row);
        QStringList cells { r.deviceName(s.uniqueId) };
        if (dailySummary())
            cells << QLocale().toString(s.day, QLocale::ShortFormat);
        cells << km(s.distanceKm) << durationText(s.movingS) << durationText(s.engineHoursS)
              << kph(s.maxSpeedKph) << kph(s.avgSpeedKph) << QString::number(s.trips);
        return cells.value(column);
    }
    case ReportKind::Events: {
        const DeviceEvent &e = r.events.at(row);
        const QString cells[]
            = { timeText(e.time), r.deviceName(e.uniqueId), EventLogModel::typeTitle(e.type),
                  e.text };
        return cells[column];
    }
    case ReportKind::Visits: {
        const VisitRecord &v = r.visits.at(row);
        const QString cells[] = { r.deviceName(v.uniqueId), v.geofence, timeText(v.enter),
            v.exit == kNoTime ? tr("still inside") : timeText(v.exit),
            v.exit == kNoTime ? QString() : durationText(v.durationS()) };
        return cells[column];
    }
    }
    return {};
}

QVariant ReportTableModel::sortValue(int row, int column) const
{
    const ReportResult &r = m_result;
    switch (r.kind) {
    case ReportKind::Trips: {
        const TripRecord &t = r.trips.at(row);
        const QVariant values[] = { cellText(row, 0), t.start, t.end, t.durationS(), t.distanceKm,
            t.maxSpeedKph, t.avgSpeedKph, t.startLat, t.endLat };
        return values[column];
    }
    case ReportKind::Stops: {
        const StopRecord &s = r.stops.at(row);
        const QVariant values[] = { cellText(row, 0), s.start, s.end, s.durationS(), s.lat };
        return values[column];
    }
    case ReportKind::Summary: {
        const SummaryRecord &s = r.summary.at(row);
        QVariantList values { cellText(row, 0) };
        if (dailySummary())
            values << s.day.toJulianDay();
        values << s.distanceKm << s.movingS << s.engineHoursS << s.maxSpeedKph << s.avgSpeedKph
               << s.trips;
        return values.value(column);
    }
    case ReportKind::Events:
        return column == 0 ? QVariant(r.events.at(row).time) : QVariant(cellText(row, column));
    case ReportKind::Visits: {
        const VisitRecord &v = r.visits.at(row);
        const QVariant values[]
            = { cellText(row, 0), v.geofence, v.enter, v.exit, v.durationS() };
        return values[column];
    }
    }
    return {};
}

QVariant ReportTableModel::roleValue(int row, int role) const
{
    const ReportResult &r = m_result;
    struct Row
    {
        QString id;
        TimeMs start = kNoTime, end = kNoTime;
        QVariant lat, lon;
    } v;
    switch (r.kind) {
    case ReportKind::Trips: {
        const TripRecord &t = r.trips.at(row);
        v = { t.uniqueId, t.start, t.end, t.startLat, t.startLon };
        break;
    }
    case ReportKind::Stops: {
        const StopRecord &s = r.stops.at(row);
        v = { s.uniqueId, s.start, s.end, s.lat, s.lon };
        break;
    }
    case ReportKind::Summary:
        v = { r.summary.at(row).uniqueId, r.from, r.to, {}, {} };
        break;
    case ReportKind::Events: {
        const DeviceEvent &e = r.events.at(row);
        v = { e.uniqueId, e.time, e.time, {}, {} };
        break;
    }
    case ReportKind::Visits: {
        const VisitRecord &visit = r.visits.at(row);
        v = { visit.uniqueId, visit.enter, visit.exit == kNoTime ? r.to : visit.exit, {}, {} };
        break;
    }
    }
    switch (role) {
    case UniqueIdRole:
        return v.id;
    case StartTimeRole:
        return v.start;
    case EndTimeRole:
        return v.end;
    case LatitudeRole:
        return v.lat;
    case LongitudeRole:
        return v.lon;
    default:
        return {};
    }
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return cellText(row, index.column());
    case Qt::ToolTipRole:
        return cellText(row, index.column());
    case Qt::TextAlignmentRole: {
        const QVariant sort = sortValue(row, index.column());
        const bool number = sort.typeId() == QMetaType::Double || sort.typeId() == QMetaType::Int
            || sort.typeId() == QMetaType::LongLong;
        const bool time = (m_result.kind != ReportKind::Events && (index.column() == 1
                              || index.column() == 2))
            || (m_result.kind == ReportKind::Events && index.column() == 0);
        return QVariant::fromValue(
            (number && !time ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    case SortRole:
        return sortValue(row, index.column());
    case UniqueIdRole:
    case StartTimeRole:
    case EndTimeRole:
    case LatitudeRole:
    case LongitudeRole:
        return roleValue(row, role);
    default:
        return {};
    }
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return columnTitles().value(section);
}

} // namespace fw
