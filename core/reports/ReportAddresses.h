#pragma once
// ReportAddresses: fills in the street addresses of a finished report: where each stop was and
// where each trip started and ended. Every distinct place is asked of the ReverseGeocoder once
// (its cache and its one-request-a-second pace apply); answers arrive one by one, so the window
// shows them as they come and the command line waits for finished(). Deleting this object (a new
// report, the window closing) drops every question still waiting: none of them costs a request.

#include "ReportResult.h"

#include <QObject>

namespace fw {

class ReverseGeocoder;

class ReportAddresses : public QObject
{
    Q_OBJECT
public:
    explicit ReportAddresses(ReverseGeocoder &geocoder, QObject *parent = nullptr);

    // Starts the lookups for *result, which must stay alive until finished() or until this
    // object is deleted. Marks the result as carrying addresses. Emits finished() later, also
    // when there is nothing to ask.
    void start(ReportResult *result);

    int total() const { return m_total; }
    int answered() const { return m_answered; }

signals:
    void progress(int answered, int total);
    // A trip's (kind Trips) or stop's (kind Stops) address arrived; row is its index.
    void rowChanged(int row);
    void finished();

private:
    struct Target
    {
        int row = 0;
        enum Field { StopPlace, TripStart, TripEnd } field = StopPlace;
    };
    void answer(const QList<Target> &targets, const QString &address);

    ReverseGeocoder &m_geocoder;
    ReportResult *m_result = nullptr;
    int m_total = 0;
    int m_answered = 0;
};

} // namespace fw
