#include "runtime/deadlocks.h"

#include <new>

#include "detector/deadlock/lock_graph.h"
#include "runtime/flags.h"
#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/memory_map.h"
#include "runtime/report.h"

namespace interlock {
namespace {

class ArenaGraphMemory final : public deadlock::GraphMemory {
 public:
  void *allocate(size_t bytes) override { return internal_alloc(bytes); }
  void release(void *memory, size_t bytes) override { internal_free(memory, bytes); }
};

ArenaGraphMemory g_graph_memory;
alignas(deadlock::LockGraph) char g_graph_storage[sizeof(deadlock::LockGraph)];
deadlock::LockGraph *g_graph;  // constructed once, never destroyed: threads may outlive exit
SpinLock g_graph_lock;

// Addresses that ever entered the graph, hashed into a bitmap: freeing heap memory probes it
// before taking the graph lock. Bits are never cleared (a stale bit costs one lookup).
constexpr uptr kLockFilterBits = uptr(1) << 16;
uint64_t g_lock_filter[kLockFilterBits / 64];
bool g_any_lock_noted;  // until a lock enters the graph, frees have nothing to look for

uptr filter_bit(uptr address) { return ((address >> 3) * 0x9E3779B97F4A7C15ull) >> 48; }
void note_lock_address(uptr address) {
  if (!__atomic_load_n(&g_any_lock_noted, __ATOMIC_RELAXED))
    __atomic_store_n(&g_any_lock_noted, true, __ATOMIC_RELAXED);
  uptr bit = filter_bit(address);
  __atomic_fetch_or(&g_lock_filter[bit / 64], uint64_t(1) << (bit % 64), __ATOMIC_RELAXED);
}
bool maybe_lock_address(uptr address) {
  uptr bit = filter_bit(address);
  return (__atomic_load_n(&g_lock_filter[bit / 64], __ATOMIC_RELAXED) >> (bit % 64)) & 1;
}

// Turns each cycle the graph finds into a finding, copying what it keeps (the CycleReport is
// only valid during the call).
class FindingSink final : public deadlock::CycleSink {
 public:
  void on_cycle(const deadlock::CycleReport &cycle) override { report_lock_order_cycle(cycle); }
};
FindingSink g_sink;

}  // namespace

void deadlock_detection_init() {
  if (!flags().detect_deadlocks || g_graph) return;
  deadlock::LockGraph::Options options;
  options.report_single_thread = flags().detect_single_thread_cycles;
  g_graph = new (g_graph_storage) deadlock::LockGraph(g_graph_memory, options);
}

void lock_created(uptr m) {
  if (!g_graph || !maybe_lock_address(m)) return;
  SpinLockGuard guard(g_graph_lock);
  g_graph->on_create(m);
}

void lock_destroyed(uptr m) {
  if (!g_graph || !maybe_lock_address(m)) return;
  SpinLockGuard guard(g_graph_lock);
  g_graph->on_destroy(m);
}

void lock_released_by_non_holder(uptr m, Tid owner, Tid releaser) {
  if (!g_graph) return;
  note_lock_address(m);
  SpinLockGuard guard(g_graph_lock);
  // The graph learns owners only from these calls (feeding it every acquisition would put its
  // lock on every lock call): tell it who held the lock, then who released it.
  g_graph->on_acquired(owner, m, deadlock::LockMode::kWrite);
  g_graph->on_release(releaser, m);
}

void lock_memory_freed(uptr p, size_t size) {
  if (!g_graph || !__atomic_load_n(&g_any_lock_noted, __ATOMIC_RELAXED)) return;
  for (uptr a = round_up(p, 8); a + 8 <= p + size; a += 8) {
    if (!maybe_lock_address(a)) continue;
    SpinLockGuard guard(g_graph_lock);
    g_graph->on_destroy(a);
  }
}

void lock_requested(ThreadState *thr, uptr m, unsigned flags) {
  if (!g_graph || !thr || thr->held_count == 0) return;  // no lock held: no edge can appear
  ScopedInRuntime in_runtime(thr);
  constexpr size_t kOnStack = 64;
  deadlock::HeldLock on_stack[kOnStack];
  deadlock::HeldLock *held = on_stack;
  const size_t count = thr->held_count;
  if (count > kOnStack) held = internal_new_zeroed<deadlock::HeldLock>(count);
  for (size_t i = 0; i < count; i++) {
    const HeldMutex &h = thr->held[i];
    held[i].lock = h.address;
    held[i].mode = (h.mode & kMutexRead) ? deadlock::LockMode::kRead : deadlock::LockMode::kWrite;
    held[i].acquired_at = reinterpret_cast<uint64_t>(h.acquired_at);
    note_lock_address(h.address);
  }
  note_lock_address(m);
  deadlock::LockRequest request;
  request.thread = thr->tid;
  request.lock = m;
  request.mode = (flags & kMutexRead) ? deadlock::LockMode::kRead : deadlock::LockMode::kWrite;
  request.is_try = (flags & kMutexTry) != 0;
  request.requested_at = reinterpret_cast<uint64_t>(access_context(thr, current_callsite()));
  request.held = held;
  request.held_count = count;
  {
    SpinLockGuard guard(g_graph_lock);
    g_graph->on_request(request, &g_sink);
  }
  if (held != on_stack) internal_free(held, count * sizeof(deadlock::HeldLock));
}

void lock_graph_for_fork() { g_graph_lock.lock(); }
void unlock_graph_after_fork() { g_graph_lock.unlock(); }

}  // namespace interlock
