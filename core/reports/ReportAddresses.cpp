#include "ReportAddresses.h"

#include "geocoding/ReverseGeocoder.h"

#include <QHash>
#include <QTimer>

namespace fw {

ReportAddresses::ReportAddresses(ReverseGeocoder &geocoder, QObject *parent)
    : QObject(parent)
    , m_geocoder(geocoder)
{ }

void ReportAddresses::start(ReportResult *result)
{
    m_result = result;
    m_result->hasAddresses = true;
    // One question per distinct place: a stop's place is usually the end of the trip before it.
    QHash<QString, QList<Target>> places;
    QList<QPair<double, double>> order;
    const auto collect = [&](double lat, double lon, const Target &target) {
        const QString key = ReverseGeocoder::cacheKey(lat, lon);
        auto it = places.find(key);
        if (it == places.end()) {
            it = places.insert(key, {});
            order.append({ lat, lon });
        }
        it->append(target);
    };
    if (result->kind == ReportKind::Trips) {
        for (int i = 0; i < int(result->trips.size()); ++i) {
            const TripRecord &t = result->trips.at(i);
            collect(t.startLat, t.startLon, { i, Target::TripStart });
            collect(t.endLat, t.endLon, { i, Target::TripEnd });
        }
    } else if (result->kind == ReportKind::Stops) {
        for (int i = 0; i < int(result->stops.size()); ++i) {
            const StopRecord &s = result->stops.at(i);
            collect(s.lat, s.lon, { i, Target::StopPlace });
        }
    }
    m_total = int(order.size());
    m_answered = 0;
    if (m_total == 0) {
        QTimer::singleShot(0, this, &ReportAddresses::finished);
        return;
    }
    for (const auto &[lat, lon] : std::as_const(order)) {
        const QList<Target> targets = places.value(ReverseGeocoder::cacheKey(lat, lon));
        m_geocoder.lookup(lat, lon, this,
            [this, targets](const GeocodeResult &r) { answer(targets, r.address); });
    }
}

void ReportAddresses::answer(const QList<Target> &targets, const QString &address)
{
    for (const Target &t : targets) {
        switch (t.field) {
        case Target::StopPlace:
            m_result->stops[t.row].address = address;
            break;
        case Target::TripStart:
            m_result->trips[t.row].startAddress = address;
            break;
        case Target::TripEnd:
            m_result->trips[t.row].endAddress = address;
            break;
        }
        emit rowChanged(t.row);
    }
    ++m_answered;
    emit progress(m_answered, m_total);
    if (m_answered == m_total)
        emit finished();
}

} // namespace fw
