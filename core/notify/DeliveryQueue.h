#pragma once
// DeliveryQueue: the bounded, thread-safe queue between the thread that raises alerts and the
// worker threads that deliver them. push() is O(1) and never waits for a worker; when the queue
// is full the oldest waiting job makes room (and is returned, so the caller can count it).
// Jobs to retry wait here too, until their time, without holding up the jobs behind them.
// One job per destination is handed out at a time (until done()), so a webhook server that hangs
// holds one worker, and the other workers keep serving the other servers.

#include "DeliveryJob.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace fw {

class DeliveryQueue
{
public:
    using SteadyTime = std::chrono::steady_clock::time_point;

    explicit DeliveryQueue(qsizetype capacity);

    // Adds a job to deliver now; returns the job dropped to make room, if any.
    std::optional<DeliveryJob> push(DeliveryJob job);
    // Adds a job to deliver again at `due`; returns the job dropped to make room, if any.
    std::optional<DeliveryJob> pushRetry(DeliveryJob job, SteadyTime due);
    // Waits for a job that is due and whose destination has no job out; empty once closed.
    std::optional<DeliveryJob> pop();
    // The job from pop() is finished (or queued again): its destination may have the next.
    void done(const DeliveryJob &job);
    // Wakes every waiting pop(); later pops return nothing. Returns the jobs never handed out.
    qsizetype close();

    qsizetype size() const; // waiting jobs, retries included
    qsizetype capacity() const { return m_capacity; }

private:
    std::optional<DeliveryJob> makeRoomLocked();

    const qsizetype m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<DeliveryJob> m_ready;
    std::multimap<SteadyTime, DeliveryJob> m_retries;
    std::set<QString> m_busy; // destinations with a job handed out
    bool m_closed = false;
};

} // namespace fw
