// Real deadlocks: wait publication, the watchdog thread, and turning a verdict into a report.
#include "runtime/hangs.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "detector/deadlock/wait_for.h"
#include "runtime/file_locks.h"
#include "runtime/flags.h"
#include "runtime/fork.h"
#include "runtime/interceptors/real.h"
#include "runtime/internal_alloc.h"
#include "runtime/report.h"

namespace interlock {
namespace {

INTERLOCK_REAL(pthread_create);

// Held arrays bigger than this come straight from the kernel and go back to it when freed.
constexpr size_t kLargestPooledBlock = size_t(1) << 16;
// A held list longer than this in a snapshot is a torn read (the thread woke up meanwhile).
constexpr uint32_t kMaxHeldInSnapshot = 1u << 20;

bool g_ending_after_deadlock;  // a deadlock was reported; the process is about to end

enum WatchdogState { kNotStarted, kRunning, kCannotStart };
int g_watchdog_state = kNotStarted;
bool g_atfork_registered;
// Held by the watchdog while it copies other threads' held arrays; taken by whoever frees an
// array the allocator would unmap, so the copy never reads unmapped memory.
SpinLock g_scan_lock;

// ---- the waiting side ----

void publish_wait(ThreadState *thr, unsigned kind, unsigned lock_flags, uptr object, Tid joined) {
  ThreadWait *w = thr->wait;
  uint64_t sequence = __atomic_load_n(&w->sequence, __ATOMIC_RELAXED);
  sequence += (sequence & 1) ? 1 : 0;  // a wait not ended (cancelled call): end it first
  __atomic_store_n(&w->sequence, sequence, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);  // the fields below are seen only after that store
  __atomic_store_n(&w->kind, kind, __ATOMIC_RELAXED);
  __atomic_store_n(&w->lock_flags, lock_flags, __ATOMIC_RELAXED);
  __atomic_store_n(&w->object, object, __ATOMIC_RELAXED);
  __atomic_store_n(&w->joined, joined, __ATOMIC_RELAXED);
  __atomic_store_n(&w->context, thr->context, __ATOMIC_RELAXED);
  __atomic_store_n(&w->site, current_callsite(), __ATOMIC_RELAXED);
  __atomic_store_n(&w->held, thr->held, __ATOMIC_RELAXED);
  __atomic_store_n(&w->held_count, thr->held_count, __ATOMIC_RELAXED);
  __atomic_store_n(&w->sequence, sequence + 1, __ATOMIC_RELEASE);
  note_wait_begins(thr);
}

void start_watchdog(ThreadState *thr);

// The static initializations in flight, for naming whom a thread blocked on a guard waits for.
// A slot is claimed by a compare-and-swap of `guard` from 0, and its `initializer_plus_one` (0:
// not yet stored or already cleared) is written only by the initializing thread; the watchdog
// reads both without a lock, the guard again after the id: a pair torn by a slot freed and
// claimed again in between is dropped, which only makes it miss an edge for one scan. Removal
// leaves no tombstone, so a lookup scans every slot: the table is small and only a scan or a
// __cxa_guard_* call ever touches it.
struct StaticInit {
  uptr guard;
  Tid initializer_plus_one;
};
StaticInit g_static_inits[kStaticInitsInFlight];

unsigned static_init_home(uptr guard) {
  return unsigned((guard >> 3) * 0x9e3779b97f4a7c15ull >> 56) % kStaticInitsInFlight;
}

Tid static_initializer(uptr guard) {
  if (!guard) return kInvalidTid;
  for (unsigned i = 0, slot = static_init_home(guard); i < kStaticInitsInFlight; i++) {
    StaticInit &entry = g_static_inits[(slot + i) % kStaticInitsInFlight];
    if (__atomic_load_n(&entry.guard, __ATOMIC_ACQUIRE) != guard) continue;
    const Tid plus_one = __atomic_load_n(&entry.initializer_plus_one, __ATOMIC_ACQUIRE);
    // The slot may have been freed and claimed for another guard in between: then the id is
    // that guard's initializer, not this one's.
    if (__atomic_load_n(&entry.guard, __ATOMIC_ACQUIRE) != guard) continue;
    if (plus_one != 0) return plus_one - 1;
  }
  return kInvalidTid;
}

}  // namespace

void static_init_begin(ThreadState *thr, uptr guard) {
  if (!thr || !guard) return;
  for (unsigned i = 0, slot = static_init_home(guard); i < kStaticInitsInFlight; i++) {
    StaticInit &entry = g_static_inits[(slot + i) % kStaticInitsInFlight];
    uptr expected = 0;
    if (__atomic_load_n(&entry.guard, __ATOMIC_RELAXED) != 0 ||
        !__atomic_compare_exchange_n(&entry.guard, &expected, guard, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_RELAXED))
      continue;
    __atomic_store_n(&entry.initializer_plus_one, thr->tid + 1, __ATOMIC_RELEASE);
    return;
  }
}

void static_init_end(ThreadState *thr, uptr guard) {
  if (!thr || !guard) return;
  for (unsigned i = 0, slot = static_init_home(guard); i < kStaticInitsInFlight; i++) {
    StaticInit &entry = g_static_inits[(slot + i) % kStaticInitsInFlight];
    if (__atomic_load_n(&entry.guard, __ATOMIC_RELAXED) != guard ||
        __atomic_load_n(&entry.initializer_plus_one, __ATOMIC_RELAXED) != thr->tid + 1)
      continue;
    __atomic_store_n(&entry.initializer_plus_one, Tid(0), __ATOMIC_RELAXED);
    __atomic_store_n(&entry.guard, uptr(0), __ATOMIC_RELEASE);
    return;
  }
}

bool wait_begin_unless_waiting(ThreadState *thr, unsigned kind, uptr object) {
  if (!thr || !flags().detect_deadlocks) return false;
  if (__atomic_load_n(&thr->wait->sequence, __ATOMIC_RELAXED) & 1) return false;
  wait_begin(thr, kind, object, kInvalidTid);
  return true;
}

void wait_begin(ThreadState *thr, unsigned kind, uptr object, Tid thread) {
  if (!thr || !flags().detect_deadlocks) return;
  if (INTERLOCK_UNLIKELY(__atomic_load_n(&g_watchdog_state, __ATOMIC_RELAXED) == kNotStarted))
    start_watchdog(thr);
  publish_wait(thr, kind, 0, object, thread);
}

void begin_lock_wait(ThreadState *thr, uptr m, unsigned flags) {
  if (!thr || !interlock::flags().detect_deadlocks) return;
  if (INTERLOCK_UNLIKELY(__atomic_load_n(&g_watchdog_state, __ATOMIC_RELAXED) == kNotStarted))
    start_watchdog(thr);
  publish_wait(thr, (flags & kMutexRead) ? kWaitReadLock : kWaitLock,
               flags & (kMutexRecursive | kMutexRwlock), m, kInvalidTid);
}

namespace {
// The wait the thread published for the watchdog is over.
void end_published_wait(ThreadState *thr) {
  ThreadWait *w = thr->wait;
  const uint64_t sequence = __atomic_load_n(&w->sequence, __ATOMIC_RELAXED);
  if (sequence & 1) __atomic_store_n(&w->sequence, sequence + 1, __ATOMIC_RELEASE);
}
}  // namespace

void wait_end(ThreadState *thr) {
  if (!thr) return;
  end_published_wait(thr);
  note_wait_ends(thr);
}

void end_lock_wait(ThreadState *thr) {
  if (!thr) return;
  end_published_wait(thr);
  note_lock_wait_ends(thr);
}

void free_held_array(HeldMutex *held, uint32_t capacity) {
  if (!held) return;
  const size_t bytes = capacity * sizeof(HeldMutex);
  if (bytes > kLargestPooledBlock) {
    SpinLockGuard guard(g_scan_lock);
    internal_free(held, bytes);
    return;
  }
  internal_free(held, bytes);  // stays mapped: a concurrent copy reads stale but valid memory
}

namespace {

// ---- the watchdog ----

// A growable array in the runtime's memory, for the watchdog's own bookkeeping.
template <class T>
struct ScanArray {
  T *items = nullptr;
  size_t count = 0;
  size_t capacity = 0;

  void reserve(size_t wanted) {
    if (wanted <= capacity) return;
    size_t cap = capacity ? capacity : 64;
    while (cap < wanted) cap *= 2;
    T *fresh = static_cast<T *>(internal_alloc(cap * sizeof(T)));
    for (size_t i = 0; i < count; i++) fresh[i] = items[i];
    if (items) internal_free(items, capacity * sizeof(T));
    items = fresh;
    capacity = cap;
  }
  T &push() {
    reserve(count + 1);
    return items[count++];
  }
};

// What the watchdog remembers of a thread between scans.
struct TrackedWait {
  Tid thread;         // whose waits these are (kept per clock slot: a slot's threads take turns)
  uint64_t sequence;  // the wait seen last (odd), or an even value
  uint64_t since_ms;  // when that wait was first seen
};

// One blocked thread of a snapshot, with what the report needs beyond the judgement.
struct SnapshotWait {
  Tid tid;
  unsigned kind;
  unsigned lock_flags;
  uint64_t sequence;
  const ContextNode *context;
  const interlock_site *site;
  size_t held_begin;  // into Snapshot::held
  size_t held_count;
};

struct Snapshot {
  ScanArray<SnapshotWait> waits;
  ScanArray<deadlock::BlockedThreadWait> judged;
  ScanArray<HeldMutex> held;
  ScanArray<deadlock::WaiterHeldLock> held_for_judging;
  ScanArray<char> scratch;
  size_t live_threads = 0;
  uint64_t live_signature = 0;  // which threads were live (a hash of their ids)
  uint64_t taken_ms = 0;
};

ScanArray<TrackedWait> g_tracked;
Snapshot g_snapshot;
uint64_t g_declined_signature;  // a verdict reported already or suppressed: not judged again
// When the set of live threads last changed. "Every thread is blocked" must have held as a whole
// for deadlock_timeout_ms, not just each wait: a thread that ends wakes the others on its way
// out, and for the moment they take to be scheduled they still look blocked, since long ago.
uint64_t g_live_signature;
uint64_t g_live_since_ms;

uint64_t now_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000 + uint64_t(ts.tv_nsec) / 1000000;
}

// `waited_for`: the joined thread, or the initializer of a static (kInvalidTid when unknown).
deadlock::BlockedOn judged_kind(unsigned kind, Tid waited_for) {
  switch (kind) {
    case kWaitLock: return deadlock::BlockedOn::kLock;
    case kWaitReadLock: return deadlock::BlockedOn::kReadLock;
    case kWaitJoin: return deadlock::BlockedOn::kJoin;
    case kWaitStaticInit:
      return waited_for != kInvalidTid ? deadlock::BlockedOn::kInitializer
                                       : deadlock::BlockedOn::kAnyThread;
    default: return deadlock::BlockedOn::kAnyThread;
  }
}

report::WaitKind report_kind(unsigned kind) {
  switch (kind) {
    case kWaitLock: return report::WaitKind::kLock;
    case kWaitReadLock: return report::WaitKind::kReadLock;
    case kWaitJoin: return report::WaitKind::kJoin;
    case kWaitCondition: return report::WaitKind::kConditionVariable;
    case kWaitSemaphore: return report::WaitKind::kSemaphore;
    case kWaitFutex: return report::WaitKind::kFutex;
    case kWaitStaticInit: return report::WaitKind::kStaticInit;
    case kWaitFileLock: return report::WaitKind::kFileLock;
    default: return report::WaitKind::kBarrier;
  }
}

bool is_live(const ThreadRecord *rec) {
  ThreadStatus status;
  __atomic_load(&rec->status, &status, __ATOMIC_RELAXED);
  return status == ThreadStatus::kCreated || status == ThreadStatus::kRunning;
}

// Copies `rec`'s wait into the snapshot if the thread is blocked; false if it is not, or if it
// changed while being read.
bool copy_wait(ThreadRecord *rec, Snapshot *s, uint64_t now) {
  const ThreadWait &w = rec->wait;
  const uint64_t sequence = __atomic_load_n(&w.sequence, __ATOMIC_ACQUIRE);
  TrackedWait &tracked = g_tracked.items[rec->slot];
  if (tracked.thread != rec->tid) tracked = TrackedWait{rec->tid, 0, 0};
  if (!(sequence & 1)) {
    tracked.sequence = sequence;
    return false;
  }
  SnapshotWait copy;
  copy.tid = rec->tid;
  copy.sequence = sequence;
  copy.kind = __atomic_load_n(&w.kind, __ATOMIC_RELAXED);
  copy.lock_flags = __atomic_load_n(&w.lock_flags, __ATOMIC_RELAXED);
  const uptr object = __atomic_load_n(&w.object, __ATOMIC_RELAXED);
  Tid joined = __atomic_load_n(&w.joined, __ATOMIC_RELAXED);
  copy.context = __atomic_load_n(&w.context, __ATOMIC_RELAXED);
  copy.site = __atomic_load_n(&w.site, __ATOMIC_RELAXED);
  const HeldMutex *held = __atomic_load_n(&w.held, __ATOMIC_RELAXED);
  const uint32_t held_count = __atomic_load_n(&w.held_count, __ATOMIC_RELAXED);
  if (held_count > kMaxHeldInSnapshot || (held_count && !held)) return false;
  copy.held_begin = s->held.count;
  copy.held_count = held_count;
  s->held.reserve(s->held.count + held_count);
  for (uint32_t i = 0; i < held_count; i++) {
    HeldMutex &h = s->held.items[s->held.count + i];
    h.address = __atomic_load_n(&held[i].address, __ATOMIC_RELAXED);
    h.mode = __atomic_load_n(&held[i].mode, __ATOMIC_RELAXED);
    h.count = __atomic_load_n(&held[i].count, __ATOMIC_RELAXED);
    h.acquired_at = __atomic_load_n(&held[i].acquired_at, __ATOMIC_RELAXED);
  }
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  if (__atomic_load_n(&w.sequence, __ATOMIC_RELAXED) != sequence) return false;
  s->held.count += held_count;
  // Looked up now rather than when the wait began: the initializer may have registered after
  // the waiter announced its wait.
  if (copy.kind == kWaitStaticInit) joined = static_initializer(object);

  if (tracked.sequence != sequence) {
    tracked.sequence = sequence;
    tracked.since_ms = now;
  }
  s->waits.push() = copy;
  deadlock::BlockedThreadWait &judged = s->judged.push();
  judged = deadlock::BlockedThreadWait{};
  judged.thread = rec->tid;
  judged.on = judged_kind(copy.kind, joined);
  // A description-owned file lock (flock, OFD) another thread of this process holds is waited
  // for like a mutex; a process-owned one never makes a thread of its own process wait.
  if (copy.kind == kWaitFileLock && !file_lock_is_process_owned(object))
    judged.on = deadlock::BlockedOn::kLock;
  judged.object = object;
  judged.joined_thread = joined;
  judged.recursive = (copy.lock_flags & kMutexRecursive) != 0;
  judged.blocked_ms = now - tracked.since_ms;
  return true;
}

// Takes a snapshot of every blocked thread.
void take_snapshot(Snapshot *s) {
  s->waits.count = s->judged.count = s->held.count = s->held_for_judging.count = 0;
  s->live_threads = 0;
  s->live_signature = 0;
  // Only a clock slot's latest thread may be live: as many as were ever alive at once, not every
  // thread the program made.
  const Tid slots = clock_slots_used();
  const size_t old_tracked = g_tracked.count;
  g_tracked.reserve(slots);
  for (size_t t = old_tracked; t < slots; t++) g_tracked.items[t] = TrackedWait{kInvalidTid, 0, 0};
  if (g_tracked.count < slots) g_tracked.count = slots;
  const uint64_t now = now_ms();
  s->taken_ms = now;
  SpinLockGuard guard(g_scan_lock);
  for (Tid slot = 0; slot < slots; slot++) {
    ThreadRecord *rec = latest_in_slot(slot);
    if (!rec || !is_live(rec)) continue;
    s->live_threads++;
    s->live_signature = (s->live_signature ^ (uint64_t(rec->tid) + 1)) * 0x9E3779B97F4A7C15ull;
    copy_wait(rec, s, now);
  }
  // The judged waits point at the held locks only now that the array stopped growing.
  s->held_for_judging.reserve(s->held.count);
  for (size_t i = 0; i < s->held.count; i++)
    s->held_for_judging.items[i] = {s->held.items[i].address,
                                    (s->held.items[i].mode & kMutexRead) != 0};
  s->held_for_judging.count = s->held.count;
  for (size_t i = 0; i < s->waits.count; i++) {
    s->judged.items[i].held = s->held_for_judging.items + s->waits.items[i].held_begin;
    s->judged.items[i].held_count = s->waits.items[i].held_count;
  }
}

// Whether every member of the verdict is still in the wait the snapshot saw.
bool still_blocked(const Snapshot &s, const deadlock::DeadlockVerdict &v) {
  for (size_t i = 0; i < v.length; i++) {
    const SnapshotWait &w = s.waits.items[v.members[i]];
    const ThreadRecord *rec = thread_record(w.tid);
    if (!rec || __atomic_load_n(&rec->wait.sequence, __ATOMIC_ACQUIRE) != w.sequence) return false;
  }
  return true;
}

uint64_t signature_of(const Snapshot &s, const deadlock::DeadlockVerdict &v) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < v.length; i++) {
    const SnapshotWait &w = s.waits.items[v.members[i]];
    h = (h ^ w.tid) * 0x100000001b3ull;
    h = (h ^ w.sequence) * 0x100000001b3ull;
  }
  return h;
}

// Reports the verdict; true when the program must end (the report was not suppressed).
bool report_verdict(const Snapshot &s, const deadlock::DeadlockVerdict &v) {
  ScanArray<BlockedThreadReport> blocked;
  blocked.reserve(v.length);
  uint64_t blocked_ms = ~uint64_t(0);
  for (size_t i = 0; i < v.length; i++) {
    const SnapshotWait &w = s.waits.items[v.members[i]];
    const deadlock::BlockedThreadWait &judged = s.judged.items[v.members[i]];
    BlockedThreadReport &b = blocked.push();
    b = BlockedThreadReport{};
    b.thread = w.tid;
    b.what = report_kind(w.kind);
    b.object = w.kind == kWaitJoin ? 0 : judged.object;
    b.is_rwlock = w.kind == kWaitReadLock || (w.lock_flags & kMutexRwlock) != 0;
    b.context = w.context;
    b.site = w.site;
    b.held = s.held.items + w.held_begin;
    b.held_count = w.held_count;
    b.waits_for = kInvalidTid;
    if (v.waits_for[i] != deadlock::kNoThread) {
      const SnapshotWait &next = s.waits.items[v.waits_for[i]];
      b.waits_for = next.tid;
      if (v.held_slot[i] != deadlock::kNoThread)
        b.holder_locked_at = s.held.items[next.held_begin + v.held_slot[i]].acquired_at;
    } else if (w.kind == kWaitJoin || w.kind == kWaitStaticInit) {
      b.waits_for = judged.joined_thread;
    }
    if (judged.blocked_ms < blocked_ms) blocked_ms = judged.blocked_ms;
  }
  DeadlockReport r;
  r.is_cycle = v.kind == deadlock::DeadlockVerdict::kCycle;
  r.blocked = blocked.items;
  r.blocked_count = blocked.count;
  r.blocked_ms = blocked_ms;
  const bool reported = report_deadlock(r);
  internal_free(blocked.items, blocked.capacity * sizeof(BlockedThreadReport));
  return reported;
}

// A hang with a thread in a file-lock wait may be a deadlock between processes: each of them
// judges it by its own watchdog, within a period of the others. Ending this one at once would
// free its file locks and let the others go on before they report; a few periods let each say
// what it saw.
void give_other_processes_time(const Snapshot &s, const deadlock::DeadlockVerdict &v) {
  bool file_lock_wait = false;
  for (size_t i = 0; i < v.length; i++)
    file_lock_wait = file_lock_wait || s.waits.items[v.members[i]].kind == kWaitFileLock;
  if (!file_lock_wait) return;
  // The other processes may end first and free the locks this process waits for: a thread that
  // gets its file lock now must not run on into the program's exit (file_lock_after parks it).
  __atomic_store_n(&g_ending_after_deadlock, true, __ATOMIC_RELEASE);
  os_sleep_ms(3 * kWatchdogPeriodMs);
}

void scan() {
  Snapshot &s = g_snapshot;
  take_snapshot(&s);
  if (s.live_signature != g_live_signature) {
    g_live_signature = s.live_signature;
    g_live_since_ms = s.taken_ms;
  }
  if (s.waits.count == 0) return;
  s.scratch.reserve(deadlock::wait_for_scratch_size(s.waits.count));
  const int timeout = flags().deadlock_timeout_ms;
  const bool live_set_settled = s.taken_ms - g_live_since_ms >= uint64_t(timeout);
  const deadlock::DeadlockVerdict verdict = deadlock::find_deadlock(
      s.judged.items, s.judged.count, s.live_threads, kWatchdogPeriodMs / 2,
      timeout > 0 && live_set_settled ? uint64_t(timeout) : 0, s.scratch.items);
  if (verdict.kind == deadlock::DeadlockVerdict::kNone || !still_blocked(s, verdict)) return;
  const uint64_t signature = signature_of(s, verdict);
  if (signature == g_declined_signature) return;
  if (report_verdict(s, verdict)) {
    give_other_processes_time(s, verdict);
    end_program_after_deadlock();
  }
  g_declined_signature = signature;
}

void *watchdog_main(void *) {
  for (;;) {
    os_sleep_ms(kWatchdogPeriodMs);
    scan();
  }
  return nullptr;
}

// In a forked child only the forking thread exists: the watchdog is gone, the scan lock may have
// been held by it at the moment of the fork, and the other threads' waits will never end.
void forget_watchdog_in_child() {
  __atomic_store_n(&g_watchdog_state, kNotStarted, __ATOMIC_RELAXED);
  g_scan_lock.unlock();
  forget_other_threads_after_fork();
}

void start_watchdog(ThreadState *thr) {
  int expected = kNotStarted;
  if (!__atomic_compare_exchange_n(&g_watchdog_state, &expected, kRunning, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
    return;
  ScopedInRuntime in_runtime(thr);  // what pthread_create allocates is not the program's
  if (!g_atfork_registered) {
    g_atfork_registered = true;
    pthread_atfork(nullptr, nullptr, forget_watchdog_in_child);
  }
  // The watchdog takes no signal meant for the program: it is created with all of them blocked.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  // glibc places the program's static TLS (every `__thread` variable of the executable and of
  // the libraries it was linked with) at the top of each thread's stack and refuses a stack too
  // small for it with EINVAL. How big it is, glibc does not say: the stack is doubled from
  // 1 MiB until it fits (a 4 MiB `__thread` array needs 8 MiB), up to 1 GiB.
  constexpr size_t kFirstStackSize = size_t(1) << 20;
  constexpr size_t kLargestStackSize = size_t(1) << 30;
  int result = EINVAL;
  for (size_t stack_size = kFirstStackSize; result == EINVAL && stack_size <= kLargestStackSize;
       stack_size *= 2) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, stack_size);
    pthread_t watchdog;
    result = real_pthread_create.get()(&watchdog, &attr, watchdog_main, nullptr);
    pthread_attr_destroy(&attr);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (result != 0) {
    __atomic_store_n(&g_watchdog_state, kCannotStart, __ATOMIC_RELAXED);
    print_line("cannot start the deadlock watchdog thread: %s; real deadlocks will hang",
               os_error_text(result));
  }
}

}  // namespace
bool deadlock_being_ended() { return __atomic_load_n(&g_ending_after_deadlock, __ATOMIC_ACQUIRE); }

void lock_wait_scan_for_fork() { g_scan_lock.lock(); }
void unlock_wait_scan_after_fork() { g_scan_lock.unlock(); }

}  // namespace interlock
