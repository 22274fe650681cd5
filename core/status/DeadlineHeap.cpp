#include "DeadlineHeap.h"

namespace fw {

void DeadlineHeap::reserve(std::size_t n)
{
    m_heap.reserve(n);
    m_position.reserve(n);
}

TimeMs DeadlineHeap::deadlineOf(int slot) const
{
    if (slot < 0 || static_cast<std::size_t>(slot) >= m_position.size())
        return kNoTime;
    const int i = m_position[static_cast<std::size_t>(slot)];
    return i < 0 ? kNoTime : m_heap[static_cast<std::size_t>(i)].deadline;
}

void DeadlineHeap::set(int slot, TimeMs deadline)
{
    if (deadline == kNoTime) {
        remove(slot);
        return;
    }
    const auto s = static_cast<std::size_t>(slot);
    if (s >= m_position.size())
        m_position.resize(s + 1, -1);
    const int i = m_position[s];
    if (i < 0) {
        m_heap.push_back(Node { deadline, slot });
        m_position[s] = static_cast<int>(m_heap.size() - 1);
        siftUp(m_heap.size() - 1);
        return;
    }
    const auto idx = static_cast<std::size_t>(i);
    const TimeMs old = m_heap[idx].deadline;
    m_heap[idx].deadline = deadline;
    if (deadline < old)
        siftUp(idx);
    else if (deadline > old)
        siftDown(idx);
}

void DeadlineHeap::remove(int slot)
{
    const auto s = static_cast<std::size_t>(slot);
    if (slot < 0 || s >= m_position.size() || m_position[s] < 0)
        return;
    const auto idx = static_cast<std::size_t>(m_position[s]);
    m_position[s] = -1;
    const Node last = m_heap.back();
    m_heap.pop_back();
    if (idx == m_heap.size())
        return;
    place(idx, last);
    siftUp(idx);
    siftDown(static_cast<std::size_t>(m_position[static_cast<std::size_t>(last.slot)]));
}

void DeadlineHeap::place(std::size_t i, const Node &n)
{
    m_heap[i] = n;
    m_position[static_cast<std::size_t>(n.slot)] = static_cast<int>(i);
}

void DeadlineHeap::siftUp(std::size_t i)
{
    const Node n = m_heap[i];
    while (i > 0) {
        const std::size_t parent = (i - 1) / 2;
        if (m_heap[parent].deadline <= n.deadline)
            break;
        place(i, m_heap[parent]);
        i = parent;
    }
    place(i, n);
}

void DeadlineHeap::siftDown(std::size_t i)
{
    const Node n = m_heap[i];
    const std::size_t count = m_heap.size();
    for (;;) {
        std::size_t child = 2 * i + 1;
        if (child >= count)
            break;
        if (child + 1 < count && m_heap[child + 1].deadline < m_heap[child].deadline)
            ++child;
        if (m_heap[child].deadline >= n.deadline)
            break;
        place(i, m_heap[child]);
        i = child;
    }
    place(i, n);
}

std::size_t DeadlineHeap::memoryBytes() const
{
    return m_heap.capacity() * sizeof(Node) + m_position.capacity() * sizeof(int);
}

} // namespace fw
