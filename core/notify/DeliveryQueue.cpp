#include "DeliveryQueue.h"

namespace fw {

DeliveryQueue::DeliveryQueue(qsizetype capacity) : m_capacity(qMax<qsizetype>(1, capacity)) { }

std::optional<DeliveryJob> DeliveryQueue::makeRoomLocked()
{
    if (qsizetype(m_ready.size() + m_retries.size()) < m_capacity)
        return std::nullopt;
    std::optional<DeliveryJob> dropped;
    if (!m_ready.empty()) { // the oldest fresh job: it has waited longest
        dropped = std::move(m_ready.front());
        m_ready.pop_front();
    } else { // only retries wait: the one due first
        auto oldest = m_retries.begin();
        dropped = std::move(oldest->second);
        m_retries.erase(oldest);
    }
    return dropped;
}

std::optional<DeliveryJob> DeliveryQueue::push(DeliveryJob job)
{
    std::optional<DeliveryJob> dropped;
    bool takeable = false;
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed)
            return job; // nobody will deliver it: the caller counts it as dropped
        dropped = makeRoomLocked();
        // A job for a destination with a job out waits for done(); waking a worker for it would
        // only make the worker scan the queue under the lock while the caller wants to push.
        takeable = m_busy.count(job.destination) == 0;
        m_ready.push_back(std::move(job));
    }
    if (takeable)
        m_wake.notify_one();
    return dropped;
}

std::optional<DeliveryJob> DeliveryQueue::pushRetry(DeliveryJob job, SteadyTime due)
{
    std::optional<DeliveryJob> dropped;
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed)
            return job;
        dropped = makeRoomLocked();
        m_retries.emplace(due, std::move(job));
    }
    m_wake.notify_one();
    return dropped;
}

std::optional<DeliveryJob> DeliveryQueue::pop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_closed)
            return std::nullopt;
        const auto now = std::chrono::steady_clock::now();
        // Retries that are due first, then fresh jobs, oldest first; skipping destinations that
        // have a job out (a scan of at most the capacity, on the worker's side only).
        std::optional<SteadyTime> nextDue;
        for (auto it = m_retries.begin(); it != m_retries.end(); ++it) {
            if (it->first > now) {
                nextDue = it->first;
                break;
            }
            if (m_busy.count(it->second.destination) == 0) {
                DeliveryJob job = std::move(it->second);
                m_retries.erase(it);
                m_busy.insert(job.destination);
                return job;
            }
        }
        for (auto it = m_ready.begin(); it != m_ready.end(); ++it) {
            if (m_busy.count(it->destination) == 0) {
                DeliveryJob job = std::move(*it);
                m_ready.erase(it);
                m_busy.insert(job.destination);
                return job;
            }
        }
        // Nothing to take: wait for a push, a done() or the next retry's time.
        if (nextDue)
            m_wake.wait_until(lock, *nextDue);
        else
            m_wake.wait(lock);
    }
}

void DeliveryQueue::done(const DeliveryJob &job)
{
    {
        const std::lock_guard lock(m_mutex);
        m_busy.erase(job.destination);
    }
    m_wake.notify_all(); // any waiting worker may now take that destination's next job
}

qsizetype DeliveryQueue::close()
{
    qsizetype left = 0;
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        left = qsizetype(m_ready.size() + m_retries.size());
        m_ready.clear();
        m_retries.clear();
    }
    m_wake.notify_all();
    return left;
}

qsizetype DeliveryQueue::size() const
{
    const std::lock_guard lock(m_mutex);
    return qsizetype(m_ready.size() + m_retries.size());
}

} // namespace fw
