#include "OnlineTimelineLoader.h"

#include "fleet/HistorySource.h"
#include "util/Clock.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace fw {

namespace {
constexpr int kRefreshMs = 5 * 60 * 1000;
} // namespace

OnlineTimelineLoader::OnlineTimelineLoader(
    std::shared_ptr<const HistorySource> history, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_history(std::move(history))
    , m_clock(clock)
{
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &OnlineTimelineLoader::refresh);
}

void OnlineTimelineLoader::refresh()
{
    if (!m_history || m_running)
        return;
    m_running = true;
    m_timer.start();
    const TimeMs now = m_clock->now();
    auto *watcher = new QFutureWatcher<OnlineTimeline>(this);
    connect(watcher, &QFutureWatcher<OnlineTimeline>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_running = false;
        emit loaded(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([history = m_history, now] {
        OnlineTimeline timeline(now - kDay, now, kSamples);
        history->forEachFleetEvent(now - kDay, kNoTime, [&timeline](const DeviceEvent &e) {
            timeline.addEvent(e);
            return true;
        });
        return timeline;
    }));
}

} // namespace fw
