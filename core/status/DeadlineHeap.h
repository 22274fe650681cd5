#pragma once
// DeadlineHeap: an indexed binary min-heap of (slot, deadline). Every device has at most one
// entry; insert, move and remove are O(log n) and the earliest deadline is O(1). This is what
// lets the status engine react to time without ever scanning the fleet.

#include "util/TimeUtil.h"

#include <vector>

namespace fw {

class DeadlineHeap
{
public:
    void reserve(std::size_t n);
    // Sets (or moves) the slot's deadline; kNoTime removes it.
    void set(int slot, TimeMs deadline);
    void remove(int slot);
    bool isEmpty() const { return m_heap.empty(); }
    std::size_t size() const { return m_heap.size(); }
    int topSlot() const { return m_heap.front().slot; }
    TimeMs topDeadline() const { return m_heap.empty() ? kNoTime : m_heap.front().deadline; }
    TimeMs deadlineOf(int slot) const;
    std::size_t memoryBytes() const;

private:
    struct Node
    {
        TimeMs deadline;
        int slot;
    };
    void siftUp(std::size_t i);
    void siftDown(std::size_t i);
    void place(std::size_t i, const Node &n);

    std::vector<Node> m_heap;
    std::vector<int> m_position; // slot -> index in m_heap, -1 = absent
};

} // namespace fw
