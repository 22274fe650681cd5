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
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed)
            return job; // nobody will deliver it: the caller counts it as dropped
        dropped = makeRoomLocked();
        m_ready.push_back(std::move(job));
    }
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
        if (!m_retries.empty() && m_retries.begin()->first <= now) {
            DeliveryJob job = std::move(m_retries.begin()->second);
            m_retries.erase(m_retries.begin());
            return job;
        }
        if (!m_ready.empty()) {
            DeliveryJob job = std::move(m_ready.front());
            m_ready.pop_front();
            return job;
        }
        if (m_retries.empty())
            m_wake.wait(lock);
        else
            m_wake.wait_until(lock, m_retries.begin()->first);
    }
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
