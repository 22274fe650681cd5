#pragma once
// OnlineTimelineLoader: reads the last 24 hours of stored status changes for the dashboard's
// online line on a worker thread (never the GUI thread), again every few minutes, and hands the
// result back on the caller's thread. A read still running when the loader goes away is
// ignored, not waited for.

#include "fleet/OnlineTimeline.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace fw {

class Clock;
class HistorySource;

class OnlineTimelineLoader : public QObject
{
    Q_OBJECT
public:
    OnlineTimelineLoader(std::shared_ptr<const HistorySource> history, const Clock *clock,
        QObject *parent = nullptr);

    static constexpr int kSamples = 97; // every 15 minutes over 24 hours, both ends included

public slots:
    void refresh();

signals:
    void loaded(const fw::OnlineTimeline &timeline);

private:
    std::shared_ptr<const HistorySource> m_history;
    const Clock *m_clock;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace fw
