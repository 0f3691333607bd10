// Thread registry and the happens-before edges of thread life: create, start, finish, join.
#include <pthread.h>
#include <string.h>

#include "detector/race/clock_slots.h"
#include "runtime/clock_memory.h"
#include "runtime/coroutines.h"
#include "runtime/forced_order.h"
#include "runtime/fork.h"
#include "runtime/hangs.h"
#include "runtime/internal_alloc.h"
#include "runtime/shadow.h"
#include "runtime/thread_state.h"

namespace interlock {

__thread ThreadState *tls_thread __attribute__((tls_model("initial-exec")));

namespace {

constexpr Tid kMaxThreads = race::kMaxTid;
ThreadRecord **g_records;  // reserved for kMaxThreads pointers; filled in tid order
Tid g_next_tid;
SpinLock g_registry_lock;
// Clock slots (detector/race/clock_slots.h; guarded by g_registry_lock), and per slot the latest
// thread given it (read without the lock by thread_in_slot()). Both reserved for every slot with
// the registry.
race::ClockSlots g_slots;
Tid *g_slot_thread;
Tid g_slots_used;  // g_slots.used(), raised once the new slot's thread is named (atomic)
// Threads created and not finished: those that may still make an access.
uint32_t g_live_threads;

// Per clock slot, the clock up to which its records are settled (CellMemory::settle_by): reserved
// for every slot when the main thread registers (untouched pages cost nothing). Written by the
// only thread then running, or by the one a join leaves alone.
race::Clock *g_settled_clocks;

void settle(Tid slot, race::Clock clock) {
  if (g_settled_clocks) __atomic_store_n(&g_settled_clocks[slot], clock, __ATOMIC_RELAXED);
}
// Every access the thread makes from now on is settled at once, until it starts a thread.
constexpr race::Clock kSettledAsMade = ~race::Clock(0);

void *map_registry_array(size_t bytes) {
  void *array = os_map(bytes, /*reserve_only=*/true);
  if (!array) internal_error("cannot map the thread registry: %s", os_error_text(os_last_error()));
  return array;
}

// A record for a thread `creator` makes (null: the main thread). `*was_alone` tells whether no
// other thread was live (set only when it is given).
ThreadRecord *new_record(const ThreadState *creator, bool *was_alone = nullptr) {
  SpinLockGuard guard(g_registry_lock);
  if (!g_records) {
    const size_t entries = size_t(kMaxThreads) + 1;
    g_records = static_cast<ThreadRecord **>(map_registry_array(sizeof(ThreadRecord *) * entries));
    g_slot_thread = static_cast<Tid *>(map_registry_array(sizeof(Tid) * entries));
    g_slots = race::ClockSlots(
        static_cast<race::FreedSlot *>(map_registry_array(sizeof(race::FreedSlot) * entries)),
        uint32_t(entries));
  }
  if (g_next_tid >= kMaxThreads) internal_error("more than %u threads", kMaxThreads);
  // A finished thread's slot, if the creator is ordered after every access it recorded: by
  // happens-before, and by the forced order too, which takes a slot's earlier threads for the
  // new one's own past (a thread knows its own events). The new thread starts above every
  // clock the slot reached.
  const Tid slots_before = g_slots.used();
  race::Clock starts_above = 0;
  const Tid slot = g_slots.take(
      [creator](Tid s, race::Clock last) {
        return creator && creator->forced.forced_of(s, creator->clock.get(s)) >= last;
      },
      &starts_above);
  auto *rec = internal_new_zeroed<ThreadRecord>();
  const uint32_t live_before = __atomic_fetch_add(&g_live_threads, 1, __ATOMIC_ACQ_REL);
  if (was_alone) *was_alone = live_before == 1;
  rec->tid = g_next_tid++;
  rec->parent = creator ? creator->tid : kInvalidTid;
  rec->slot = slot;
  const race::Clock known = creator ? creator->clock.get(slot) : 0;
  rec->first_clock = (known > starts_above ? known : starts_above) + 1;
  rec->previous_in_slot = slot < slots_before ? g_slot_thread[slot] : kInvalidTid;
  rec->status = ThreadStatus::kCreated;
  format(rec->name, sizeof rec->name, rec->tid == 0 ? "main" : "T%u", rec->tid);
  __atomic_store_n(&g_records[rec->tid], rec, __ATOMIC_RELEASE);
  __atomic_store_n(&g_slot_thread[slot], rec->tid, __ATOMIC_RELEASE);  // (after the record)
  __atomic_store_n(&g_slots_used, g_slots.used(), __ATOMIC_RELEASE);
  return rec;
}

// The calling thread's stack, including glibc's TLS block and thread descriptor at its top.
void own_stack(uptr *begin, uptr *end) {
  *begin = *end = 0;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void *addr = nullptr;
  size_t size = 0;
  pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  *begin = reinterpret_cast<uptr>(addr);
  *end = *begin + size;
}

ThreadState *new_thread_state(ThreadRecord *rec) {
  auto *thr = internal_new_zeroed<ThreadState>();
  // The hot caches start out matching no access (kNoHotSite).
  const auto *no_site = reinterpret_cast<const interlock_site *>(kNoHotSite);
  for (HotAccessContext &hot : thr->hot_access_contexts) hot.site = no_site;
  for (HotSiteWord &hot : thr->hot_site_words) hot.site = no_site;
  thr->tid = rec->tid;
  thr->slot = rec->slot;
  thr->clock.assign(rec->start_clock, clock_memory());
  rec->start_clock.free(clock_memory());
  thr->clock.set(rec->slot, rec->first_clock, clock_memory());
  thr->fast_epoch = race::make_epoch(rec->slot, rec->first_clock);
  thr->first_clock = rec->first_clock;
  thr->forced_own = rec->first_clock - 1;  // the slot's earlier threads, known forcedly
  forced_order_thread_started(thr);
  thr->wait = &rec->wait;
  thr->passes = &rec->passes;
  __atomic_store_n(thr->passes, uint64_t(2), __ATOMIC_RELEASE);
  // Seen as started before it reads a cell: a batch closed while it seemed not started skips it
  // (as note_wait_ends() does for a wait).
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  rec->state = thr;
  rec->status = ThreadStatus::kRunning;
  return thr;
}

}  // namespace

ThreadState *cur_thread() {
  ThreadState *thr = tls_thread;
  return thr && thr->in_runtime == 0 ? thr : nullptr;
}

void tick(ThreadState *thr) {
  race::Clock next = thr->clock.get(thr->slot) + 1;
  thr->clock.set(thr->slot, next, clock_memory());
  thr->fast_epoch = race::make_epoch(thr->slot, next);
  note_pass(thr, 2);  // (between two accesses: retired_read_sets.cpp)
}

ThreadRecord *thread_record(Tid tid) {
  if (!g_records || tid >= __atomic_load_n(&g_next_tid, __ATOMIC_ACQUIRE)) return nullptr;
  return __atomic_load_n(&g_records[tid], __ATOMIC_ACQUIRE);
}

Tid thread_count() { return __atomic_load_n(&g_next_tid, __ATOMIC_ACQUIRE); }

Tid clock_slots_used() { return __atomic_load_n(&g_slots_used, __ATOMIC_ACQUIRE); }

ThreadRecord *latest_in_slot(Tid slot) {
  return thread_record(__atomic_load_n(&g_slot_thread[slot], __ATOMIC_ACQUIRE));
}

Tid thread_in_slot(Tid slot, race::Clock clock) {
  if (!g_slot_thread) return kInvalidTid;
  Tid tid = __atomic_load_n(&g_slot_thread[slot], __ATOMIC_ACQUIRE);
  // Newest first: the slot's threads started at growing clocks. (The chain is only prepended
  // to, each record published before the slot names it.)
  for (const ThreadRecord *rec; (rec = thread_record(tid)) != nullptr; tid = rec->previous_in_slot)
    if (rec->first_clock <= clock || rec->previous_in_slot == kInvalidTid)
      return tid;
  return kInvalidTid;
}

void register_main_thread() {
  ThreadRecord *rec = new_record(nullptr);
  uptr begin, end;
  own_stack(&begin, &end);
  ThreadState *thr = new_thread_state(rec);
  // Until it starts another thread, whatever the main thread does is settled as soon as it is
  // done (CellMemory::settled): a single-threaded start (reading input, building tables) keeps
  // one record per granule and slot, however it touches their bytes. Its first thread_create()
  // bounds this at the clock the new thread starts from. (Without the table, nothing is settled:
  // more is kept.)
  g_settled_clocks = static_cast<race::Clock *>(
      os_map(sizeof(race::Clock) * (size_t(kMaxThreads) + 1), /*reserve_only=*/true));
  if (g_settled_clocks) cell_memory().settle_by(g_settled_clocks);
  settle(rec->slot, kSettledAsMade);
  thr->stack_begin = rec->stack_begin = begin;
  thr->stack_end = rec->stack_end = end;
  rec->pthread = reinterpret_cast<uintptr_t>(pthread_self());
  tls_thread = thr;
}

void forget_other_threads_after_fork() {
  const Tid self = tls_thread ? tls_thread->tid : kInvalidTid;
  for (Tid t = 0; t < thread_count(); t++) {
    ThreadRecord *rec = thread_record(t);
    if (!rec || t == self) continue;
    if (rec->status == ThreadStatus::kCreated || rec->status == ThreadStatus::kRunning)
      rec->status = ThreadStatus::kFinished;
    __atomic_store_n(&rec->passes, kPassedForGood, __ATOMIC_RELAXED);
    const uint64_t sequence = rec->wait.sequence;
    if (sequence & 1) __atomic_store_n(&rec->wait.sequence, sequence + 1, __ATOMIC_RELAXED);
  }
  __atomic_store_n(&g_live_threads, self == kInvalidTid ? 0u : 1u, __ATOMIC_RELEASE);
}

Tid thread_create(ThreadState *parent) {
  if (!parent) return kInvalidTid;
  ScopedInRuntime in_runtime(parent);
  bool was_alone = false;
  ThreadRecord *rec = new_record(parent, &was_alone);
  rec->creation = access_context(parent, current_callsite());
  rec->start_clock.assign(parent->clock, clock_memory());
  // The process's only thread starts another: what it did so far happens before every access
  // from now on (its own by program order; every other thread starts from here on, from it or
  // from its descendants), so the shadow need not keep those records (CellMemory::settled).
  if (was_alone) settle(parent->slot, parent->clock.get(parent->slot));
  tick(parent);
  return rec->tid;
}

void thread_create_failed(ThreadState *parent, Tid tid) {
  (void)parent;
  if (ThreadRecord *rec = thread_record(tid)) {
    rec->status = ThreadStatus::kJoined;
    __atomic_fetch_sub(&g_live_threads, 1, __ATOMIC_ACQ_REL);
    // It recorded nothing: the next thread of the slot must start above what it would have.
    SpinLockGuard guard(g_registry_lock);
    g_slots.give_back(rec->slot, rec->first_clock - 1, rec->first_clock - 1);
  }
}

void thread_start(Tid tid, uintptr_t pthread) {
  ThreadRecord *rec = thread_record(tid);
  if (!rec) return;
  uptr begin, end;
  own_stack(&begin, &end);  // before tls_thread is set: glibc may allocate here
  // The stack (and TLS) may have belonged to a thread that exited: forget its accesses.
  if (end > begin) shadow_reset(begin, end - begin);
  __atomic_store_n(&rec->pthread, pthread, __ATOMIC_RELEASE);
  ThreadState *thr = new_thread_state(rec);
  thr->stack_begin = rec->stack_begin = begin;
  thr->stack_end = rec->stack_end = end;
  tls_thread = thr;
}

void thread_finish(ThreadState *thr) {
  if (!thr) return;
  ThreadRecord *rec = thread_record(thr->tid);
  tls_thread = nullptr;
  rec->final_own_clock = thr->clock.get(thr->slot);
  // A detached thread is never joined: nobody would read its final clock.
  if (!__atomic_load_n(&rec->detached, __ATOMIC_ACQUIRE)) rec->final_clock.assign(thr->clock, clock_memory());
  rec->status = ThreadStatus::kFinished;  // the joiner reads it after the real join returns
  __atomic_store_n(&rec->passes, kPassedForGood, __ATOMIC_RELEASE);
  rec->state = nullptr;
  __atomic_fetch_sub(&g_live_threads, 1, __ATOMIC_ACQ_REL);
  {
    SpinLockGuard guard(g_registry_lock);
    g_slots.give_back(rec->slot, thr->recorded_clock, rec->final_own_clock);
  }
  thr->clock.free(clock_memory());
  thr->fence_release.free(clock_memory());
  thr->fence_snapshot.free(clock_memory());
  thr->fence_acquire.free(clock_memory());
  free_held_array(thr->held, thr->held_capacity);
  free_coroutine_table(thr);
  internal_free(thr, sizeof(ThreadState));
}

void thread_created(ThreadState *parent, Tid tid, uintptr_t pthread) {
  (void)parent;
  if (ThreadRecord *rec = thread_record(tid)) __atomic_store_n(&rec->pthread, pthread, __ATOMIC_RELEASE);
}

// The newest thread `pthread` names that `wanted` accepts. Newest first: a pthread_t value is
// reused once its thread has been joined or has exited detached.
template <class Wanted>
Tid newest_thread_named(uintptr_t pthread, Wanted wanted) {
  for (Tid t = thread_count(); t-- > 0;) {
    ThreadRecord *rec = thread_record(t);
    if (rec && __atomic_load_n(&rec->pthread, __ATOMIC_ACQUIRE) == pthread && wanted(*rec))
      return t;
  }
  return kInvalidTid;
}

namespace {
bool joinable(const ThreadRecord &rec) {
  return rec.status != ThreadStatus::kJoined && !rec.detached &&
         !__atomic_load_n(&rec.joining, __ATOMIC_ACQUIRE);
}
}  // namespace

Tid thread_find(uintptr_t pthread) { return newest_thread_named(pthread, joinable); }

Tid thread_find_for_join(uintptr_t pthread) {
  // Claimed with a compare-exchange: two threads joining one pthread_t (undefined behaviour in
  // the program) must not both take the record.
  return newest_thread_named(pthread, [](const ThreadRecord &rec) {
    bool unclaimed = false;
    return joinable(rec) && __atomic_compare_exchange_n(const_cast<bool *>(&rec.joining), &unclaimed,
                                                        true, false, __ATOMIC_ACQ_REL,
                                                        __ATOMIC_ACQUIRE);
  });
}

void thread_join_failed(Tid tid) {
  if (ThreadRecord *rec = thread_record(tid)) __atomic_store_n(&rec->joining, false, __ATOMIC_RELEASE);
}

void thread_join(ThreadState *thr, Tid tid) {
  if (!thr) return;
  ThreadRecord *rec = thread_record(tid);
  if (!rec) return;
  ScopedInRuntime in_runtime(thr);
  thr->clock.join(rec->final_clock, clock_memory());
  forced_edge(thr, rec->final_clock);
  rec->final_clock.free(clock_memory());
  rec->status = ThreadStatus::kJoined;
  // The joiner may now be the process's only thread (those that finished make no access). Then
  // every later access follows the join: the joined thread's records are settled for good, and,
  // as before the first thread started, the joiner's own accesses are settled at once until it
  // starts another (a program in phases, each joined before the next: the work in between).
  if (__atomic_load_n(&g_live_threads, __ATOMIC_ACQUIRE) == 1) {
    settle(rec->slot, rec->final_own_clock);
    settle(thr->slot, kSettledAsMade);
  }
}

void thread_detach(ThreadState *thr, Tid tid) {
  (void)thr;
  if (ThreadRecord *rec = thread_record(tid)) __atomic_store_n(&rec->detached, true, __ATOMIC_RELEASE);
}

void thread_set_name(Tid tid, const char *name) {
  if (!name) return;
  ThreadRecord *rec = thread_record(tid);
  if (!rec) return;
  // Reports read the name without the lock: bytes are stored one by one, and the last byte of
  // the buffer, zero since the record was made, is never written, so every read is terminated.
  SpinLockGuard guard(g_registry_lock);
  size_t n = 0;
  while (n + 1 < sizeof rec->name && name[n]) {
    __atomic_store_n(&rec->name[n], name[n], __ATOMIC_RELAXED);
    n++;
  }
  __atomic_store_n(&rec->name[n], '\0', __ATOMIC_RELAXED);
}

void thread_set_name_of(ThreadState *thr, uintptr_t pthread, const char *name) {
  if (!thr) return;
  // The caller is among them: its record is running and the newest for its pthread_t.
  const Tid tid = newest_thread_named(pthread, [](const ThreadRecord &rec) {
    return rec.status == ThreadStatus::kCreated || rec.status == ThreadStatus::kRunning;
  });
  if (tid != kInvalidTid) thread_set_name(tid, name);
}

void lock_registry_for_fork() { g_registry_lock.lock(); }
void unlock_registry_after_fork() { g_registry_lock.unlock(); }

}  // namespace interlock
