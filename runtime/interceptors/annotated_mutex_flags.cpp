// A sharded hash of address -> flags; forgotten entries are kept on a free list for reuse, so
// the table's memory is bounded by the most mutexes alive at once. Each call holds the table's
// locks (and the allocator's) with the thread inside the runtime, so that a signal handler
// interrupting it stays out of the runtime instead of spinning on one of them.
#include "annotated_mutex_flags.h"

#include "../internal_alloc.h"
#include "../fork.h"
#include "../platform.h"
#include "../thread_state.h"

namespace interlock {
namespace {

constexpr unsigned kShards = 256;

struct FlagsEntry {
  uptr mutex;
  unsigned flags;
  FlagsEntry *next;
};

struct Shard {
  SpinLock lock;
  FlagsEntry *head;
};

Shard g_shards[kShards];
SpinLock g_free_lock;
FlagsEntry *g_free_entries;
bool g_any_remembered;

Shard &shard_of(uptr m) { return g_shards[(m >> 3) * 0x9E3779B1u % kShards]; }

FlagsEntry *find(const Shard &shard, uptr m) {
  for (FlagsEntry *e = shard.head; e; e = e->next)
    if (e->mutex == m) return e;
  return nullptr;
}

FlagsEntry *new_entry() {
  {
    SpinLockGuard guard(g_free_lock);
    if (FlagsEntry *e = g_free_entries) {
      g_free_entries = e->next;
      return e;
    }
  }
  return internal_new_zeroed<FlagsEntry>();
}

}  // namespace

void remember_mutex_flags(uptr m, unsigned creation_flags) {
  if (creation_flags == 0) return;
  ScopedInRuntime in_runtime(tls_thread);
  Shard &shard = shard_of(m);
  SpinLockGuard guard(shard.lock);
  if (FlagsEntry *e = find(shard, m)) {
    e->flags |= creation_flags;
    return;
  }
  FlagsEntry *e = new_entry();
  e->mutex = m;
  e->flags = creation_flags;
  e->next = shard.head;
  shard.head = e;
  __atomic_store_n(&g_any_remembered, true, __ATOMIC_RELEASE);
}

unsigned remembered_mutex_flags(uptr m) {
  if (!__atomic_load_n(&g_any_remembered, __ATOMIC_ACQUIRE)) return 0;
  ScopedInRuntime in_runtime(tls_thread);
  Shard &shard = shard_of(m);
  SpinLockGuard guard(shard.lock);
  const FlagsEntry *e = find(shard, m);
  return e ? e->flags : 0;
}

void forget_mutex_flags(uptr m) {
  if (!__atomic_load_n(&g_any_remembered, __ATOMIC_ACQUIRE)) return;
  ScopedInRuntime in_runtime(tls_thread);
  Shard &shard = shard_of(m);
  FlagsEntry *victim = nullptr;
  {
    SpinLockGuard guard(shard.lock);
    for (FlagsEntry **p = &shard.head; *p; p = &(*p)->next) {
      if ((*p)->mutex == m) {
        victim = *p;
        *p = victim->next;
        break;
      }
    }
  }
  if (!victim) return;
  SpinLockGuard guard(g_free_lock);
  victim->next = g_free_entries;
  g_free_entries = victim;
}

void lock_annotated_flags_for_fork() {
  for (Shard &shard : g_shards) shard.lock.lock();
  g_free_lock.lock();
}
void unlock_annotated_flags_after_fork() {
  g_free_lock.unlock();
  for (Shard &shard : g_shards) shard.lock.unlock();
}

}  // namespace interlock
