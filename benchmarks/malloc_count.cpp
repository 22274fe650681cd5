// malloc_count: an LD_PRELOAD library that counts heap allocations per thread of the process it
// is loaded into (malloc, calloc, realloc, memalign and friends; operator new goes through
// malloc) and hands every call on to glibc. ingest_bench loads it into the `fleetwatch` node it
// starts, so the node binary measured is the one users run. The counters live in a fixed table;
// at load the library writes the table's address to $FW_MALLOC_COUNT_FILE and the benchmark
// reads the table through /proc/PID/mem (the node is its child), without signalling the node.

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t alignment, size_t size);
void __libc_free(void *p);
}

namespace {

// Layout read by ingest_bench (MallocCounts.h): kSlots x { tid, allocations, frees }.
constexpr int kSlots = 1024;
struct Slot
{
    std::atomic<long> tid;
    std::atomic<long> allocations;
    std::atomic<long> frees;
};
Slot g_slots[kSlots];
__attribute__((tls_model("initial-exec"))) thread_local Slot *t_slot = nullptr;

Slot *slot()
{
    if (t_slot)
        return t_slot;
    const long tid = syscall(SYS_gettid);
    for (int i = 0; i < kSlots; ++i) {
        long expected = 0;
        if (g_slots[i].tid.compare_exchange_strong(expected, tid) || expected == tid) {
            t_slot = &g_slots[i];
            return t_slot;
        }
    }
    t_slot = &g_slots[kSlots - 1]; // more threads than slots: shared overflow slot
    return t_slot;
}

inline void counted()
{
    slot()->allocations.fetch_add(1, std::memory_order_relaxed);
}

__attribute__((constructor)) void announce()
{
    const char *path = std::getenv("FW_MALLOC_COUNT_FILE");
    if (!path)
        return;
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    char text[64];
    const int n = std::snprintf(text, sizeof text, "%p %d\n", static_cast<void *>(g_slots), kSlots);
    if (n > 0 && ::write(fd, text, std::size_t(n)) < 0)
        errno = 0;
    ::close(fd);
}

} // namespace

extern "C" {

void *malloc(size_t size)
{
    counted();
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    counted();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    counted();
    return __libc_realloc(p, size);
}

void free(void *p)
{
    if (p)
        slot()->frees.fetch_add(1, std::memory_order_relaxed);
    __libc_free(p);
}

void *memalign(size_t alignment, size_t size)
{
    counted();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    counted();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    counted();
    void *p = __libc_memalign(alignment, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

} // extern "C"
