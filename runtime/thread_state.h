// Per-thread state of the runtime, and the registry of every thread the program created.
//
// ThreadState is owned by its thread and touched only by it (the access fast path reads it with
// no synchronization). ThreadRecord outlives the thread (reports name finished threads) and is
// shared: its fields are written before the record is published or under the registry lock.
#ifndef INTERLOCK_RUNTIME_THREAD_STATE_H
#define INTERLOCK_RUNTIME_THREAD_STATE_H

#include "detector/race/vector_clock.h"
#include "runtime/context.h"
#include "runtime/rt.h"
#include "runtime/sync.h"

namespace interlock::race {
struct ShadowCell;
}

namespace interlock {

struct CoroutineTable;

// A lock the thread holds.
struct HeldMutex {
  uptr address;
  unsigned mode;   // kMutexWrite or kMutexRead
  unsigned count;  // > 1 for a recursive mutex locked again
  const ContextNode *acquired_at;  // access node of the lock call
  // The forced order (runtime/forced_order.h): whether this critical section is already ordered
  // after the unlock it followed, whether it made an access the check did not see (its unlock
  // then orders forcedly), and the critical section that held the mutex before it.
  bool forced_confirmed;
  bool forced_unseen;
  // Atomicity violations (runtime/atomicity.h): this section's serial in the thread, and the
  // thread's section of this mutex before it (0: not known).
  uint64_t section;
  uint64_t previous_own_section;
  SyncObject *object;   // the mutex's sync object when it was locked (null for file locks)
  Tid previous_holder;  // its clock slot; kInvalidTid when none, or not known
  race::Clock previous_acquired;
};

// What a thread is blocked in, published for the deadlock watchdog (runtime/hangs.cpp). Written
// only by its thread, read by the watchdog as a sequence lock: `sequence` is odd while the thread
// waits and is bumped when a wait begins and when it ends; the other fields are written while it
// is even, so a reader that sees the same odd value before and after reading them has one
// consistent wait. Every field is accessed with atomic (relaxed) loads and stores.
struct ThreadWait {
  uint64_t sequence;
  unsigned kind;       // WaitKind
  unsigned lock_flags; // kMutexRecursive, kMutexRwlock of a lock wait
  uptr object;
  Tid joined;          // kWaitJoin
  const ContextNode *context;  // the thread's frames at the blocking call
  const interlock_site *site;  // the blocking call
  const HeldMutex *held;       // the thread's held locks; unchanged while it waits
  uint32_t held_count;
};

// A read the thread made in a critical section or with an atomic load, kept until a later write
// of the same bytes may turn out to depend on it (runtime/atomicity.h).
struct RecentRead {
  uptr granule;
  uint64_t record;              // the read: thread, epoch, bytes
  uint64_t context;              // its context word (runtime/context.h)
  uint64_t write_seen;          // the granule's write record when it read (0: none known)
  // The context word of `write_seen` when that write could have come after the read instead (see
  // atomicity_note_read); 0 otherwise.
  uint64_t movable_write_context;
  uint64_t section;             // its critical section's serial, or the atomic load's own
                                // (a coroutine's read: the serial of the coroutine's run)
  uptr lock;                    // that section's mutex; 0 for an atomic load (a coroutine's
                                // read: its frame)
  // A coroutine's read only (runtime/coroutines.h): the site in the coroutine's function that
  // led to it, and the suspension that ended its run (null while the run goes on). A thread's
  // own slots leave them unset, and nothing reads them there.
  const interlock_site *coroutine_site;
  const interlock_site *suspended_at;
};
// The latest such read of a granule, and the one before it from another section; and the other
// code that read the bytes again in the latest read's section (a loop re-checks at another line).
constexpr unsigned kRereadsKept = 3;
struct RecentReadSlot {
  RecentRead latest;
  RecentRead earlier;
  uint64_t rereads[kRereadsKept];  // context words

  // Forgets the rereads (of a latest read being replaced). Three stores: a loop here became a
  // call of the runtime's byte-wise memset on every read a critical section makes.
  void forget_rereads() {
    static_assert(kRereadsKept == 3, "forget_rereads clears each one");
    rereads[0] = 0;
    rereads[1] = 0;
    rereads[2] = 0;
  }
};
constexpr unsigned kRecentReadSlots = 32;
// The thread's last critical section of each of a few mutexes, so that a section knows the one of
// the same mutex before it (an atomicity violation spans two consecutive ones).
struct OwnSection {
  uptr lock;
  uint64_t section;
};
constexpr unsigned kOwnSections = 8;

struct HotAccessContext {
  const interlock_site *site;
  const ContextNode *context;
  const ContextNode *lock_set;
  const ContextNode *node;
};
// (2 KiB. With 16 entries, a producer/consumer loop's lock calls and accesses evicted each
// other: half its lock calls missed and interned their context again.)
constexpr unsigned kHotAccessContexts = 64;

// A site's inline context word (runtime/context.h) as last made, in the frame it was made in: a
// loop's accesses with no lock held find their word with two compares.
struct HotSiteWord {
  const interlock_site *site;
  const ContextNode *frame;
  uint64_t word;  // inline_access_word(frame, the site's id)
};
constexpr unsigned kHotSiteWords = 16;
// The site of a hot entry (either cache above) not filled yet: no site has this address, and
// null is a key (a lock call or range check from uninstrumented code), which a zeroed entry
// would match with its empty node or word.
constexpr uptr kNoHotSite = ~uptr(0);

constexpr unsigned kReportedPairCache = 16;

struct ThreadState {
  // Hot: read by every access.
  uint64_t fast_epoch;  // race::make_epoch(slot, own clock)
  const ContextNode *context;
  const ContextNode *lock_set;
  race::VectorClock clock;
  Tid tid;   // the thread's number in reports, never given to another thread
  Tid slot;  // its entry in vector clocks and records (detector/race/clock_slots.h)
  int in_runtime;
  // Nesting depths of the program's ignore annotations (runtime/interceptors/annotations.cpp):
  // while one is positive, the thread's reads (writes) are neither checked nor recorded, but
  // unlike in_runtime its synchronization is still modelled. Read only by access_slow: the fast
  // path never sees them, since an ignored access records nothing it could find there.
  int ignore_reads;
  int ignore_writes;
  HotAccessContext hot_access_contexts[kHotAccessContexts];
  HotSiteWord hot_site_words[kHotSiteWords];

  // The forced order beside `clock` (runtime/forced_order.h): where it knows less than
  // happens-before, and what it knows of this thread's own events (its unlocks publish that).
  race::Deficits forced;
  race::Clock forced_own;
  // The thread's own clock when it started: its slot's clocks below it are earlier threads'
  // (detector/race/clock_slots.h), which it knows, forcedly too, but which are not its own.
  race::Clock first_clock;
  // Its own clock when it last recorded an access (access_slow, or a logged read of a file): no
  // record of its own is later. A thread created by one that knows this clock may take its slot
  // once it finished, even if it released since (a detached thread's last sem_post).
  race::Clock recorded_clock;
  // Bumped (forced_changed()) whenever `forced` or `forced_own` may change. Its high bits are the
  // thread's incarnation (forced_order_thread_started()), so a value names one thread and one
  // state of its forced order: a mutex's last unlock keeps it (SyncObject::forced_stamp).
  uint64_t forced_version;

  // Atomicity violations (runtime/atomicity.h): recent reads by granule, the serial of the last
  // critical section entered or atomic load made, and whether a read-modify-write is being
  // recorded (its write is atomic with its read: never a lost update).
  RecentReadSlot recent_reads[kRecentReadSlots];
  OwnSection own_sections[kOwnSections];
  uint64_t section_serial;
  bool in_read_modify_write;
  // C++20 coroutines this thread ran (runtime/coroutines.h); null until its first one.
  CoroutineTable *coroutines;
  // The last read note the thread learned (learn_read_note), by the access's calling path and
  // site: access nodes that differ only in their lock set (a lock per object) share it.
  const ContextNode *read_note_path;
  const void *read_note_site;
  uint32_t read_note;  // kReadsUnknown: none learned yet

  // Standalone fences: the clock at the last release fence, which later relaxed stores publish;
  // and what relaxed loads saw released, which the next acquire fence joins.
  race::VectorClock fence_release;
  bool has_fence_release;
  race::VectorClock fence_acquire;
  // The fence's clock as a snapshot (vector_clock.h), made at its second publication: the
  // relaxed stores after one fence (a queue marking a batch of slots free) then share one copy.
  // The first store copies, as a fence followed by one store would otherwise pay for a
  // snapshot's allocation and release every time.
  race::VectorClock fence_snapshot;
  uint32_t fence_publications;  // relaxed stores and RMWs that published since the fence

  AcquireCacheEntry acquire_cache[kAcquireCacheSize];
  // Site pairs this thread already saw reported: a racy loop re-finds its race on every
  // iteration, and must not take the report lock each time to learn it is a duplicate.
  const void *reported_pairs[kReportedPairCache][2];

  HeldMutex *held;
  uint32_t held_count;
  uint32_t held_capacity;
  ThreadWait *wait;  // in this thread's ThreadRecord
  uint64_t *passes;  // in this thread's ThreadRecord (note_pass() keeps it)
  int handler_depth;  // signal handlers running on this thread (interceptors/signals.cpp; a
                      // longjmp out of one restores it, interceptors/process.cpp)
  race::ShadowCell *locking_cell;  // the shadow cell whose lock this thread takes or holds
  uint64_t *locking_sync_slot;     // the sync-object slot whose lock it takes or holds

  uptr stack_begin;
  uptr stack_end;
  bool freeing;  // inside check_free: a race found now is with this thread's free of the block
  bool vptr_access;  // inside a vtable-pointer entry point (runtime/vptr.cpp)
  ContextCacheEntry context_cache[kContextCacheSize];
};

extern __thread ThreadState *tls_thread __attribute__((tls_model("initial-exec")));

// The thread's hold of the lock at `m`, or null if it does not hold it. (Inline: every lock and
// unlock call asks, mostly of the newest hold.)
INTERLOCK_ALWAYS_INLINE HeldMutex *find_held(ThreadState *thr, uptr m) {
  for (uint32_t i = thr->held_count; i-- > 0;)
    if (thr->held[i].address == m) return &thr->held[i];
  return nullptr;
}

// Marks the calling thread as inside the runtime for the scope (enter_runtime in rt.h), so that
// intercepted functions it calls (malloc from dlsym, ...) are not modelled. Nests. (Inline: every
// lock, unlock, allocation and free enters the runtime.)
class ScopedInRuntime {
 public:
  explicit ScopedInRuntime(ThreadState *thr) : thr_(thr) {
    if (thr_) enter_runtime(thr_->in_runtime);
  }
  ~ScopedInRuntime() {
    if (thr_) leave_runtime(thr_->in_runtime);
  }
  ScopedInRuntime(const ScopedInRuntime &) = delete;
  ScopedInRuntime &operator=(const ScopedInRuntime &) = delete;

 private:
  ThreadState *thr_;
};

// Added to in_runtime while a signal handler runs that interrupted the thread inside the runtime
// (runtime/interceptors/signals.cpp). The interrupted code may hold any of the runtime's locks,
// so such a handler must take none: entry points that run even for a thread inside the runtime
// (the runtime's own calls of libc reach heap and descriptor hooks with no ThreadState) skip
// their bookkeeping when this is set. A longjmp out of the handler restores in_runtime, and this
// with it. Far above any nesting of the runtime's own entries.
constexpr int kHandlerInsideRuntime = 1 << 20;
inline bool handler_interrupted_runtime() {
  const ThreadState *thr = tls_thread;
  return thr != nullptr && thr->in_runtime >= kHandlerInsideRuntime;
}

// Advances the thread's own clock: call right after a release, so later accesses are not
// covered by what was published.
void tick(ThreadState *thr);

// ThreadRecord::passes moves by `step` (2 at a tick, keeping its parity; a wait's start or end
// flips it). Not inside a signal handler: the code it interrupted may be in the middle of an
// access.
inline void note_pass(ThreadState *thr, uint64_t step) {
  if (thr->handler_depth == 0)
    __atomic_store_n(thr->passes, __atomic_load_n(thr->passes, __ATOMIC_RELAXED) + step,
                     __ATOMIC_RELEASE);
}
inline void note_wait_begins(ThreadState *thr) {
  note_pass(thr, (__atomic_load_n(thr->passes, __ATOMIC_RELAXED) & 1) ? 2 : 1);
}
// A thread that waits is skipped by retired_read_sets.cpp's batches: it holds no read set. So
// the end of its wait must be visible before it reads a cell again, or a batch closed meanwhile
// could skip it and free a set it just found there (a store-load pair on each side: the batch's
// closer detached the set, fenced, then read the passes): a full fence follows the store.
inline void note_wait_ends(ThreadState *thr) {
  if (!(__atomic_load_n(thr->passes, __ATOMIC_RELAXED) & 1)) return;
  note_pass(thr, 1);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}
// note_wait_ends() without the fence, for a lock call that took its mutex: the lock of the
// mutex's sync object, which it takes next, before any access, is the barrier (end_lock_wait).
inline void note_lock_wait_ends(ThreadState *thr) {
  if (__atomic_load_n(thr->passes, __ATOMIC_RELAXED) & 1) note_pass(thr, 1);
}

// The access node for an access by `thr` at `site` (stack + locks held), interned. A small
// cache keyed by site and lock set comes first: a loop's few sites stay in L1, where the general
// per-thread cache competes with the program's data. The lock set is in the key because one site
// often runs under a few lock sets in turn (a lock call or a counter update under one of several
// mutexes): keyed by site alone, those would evict each other on every call.
INTERLOCK_ALWAYS_INLINE const ContextNode *access_context(ThreadState *thr,
                                                         const interlock_site *site) {
  HotAccessContext &hot =
      thr->hot_access_contexts[(reinterpret_cast<uptr>(site) / sizeof(interlock_site) +
                                reinterpret_cast<uptr>(thr->lock_set) / sizeof(ContextNode)) %
                               kHotAccessContexts];
  if (INTERLOCK_LIKELY(hot.site == site && hot.context == thr->context &&
                       hot.lock_set == thr->lock_set))
    return hot.node;
  const ContextNode *node = intern_context(thr->context_cache, thr->context, site, thr->lock_set);
  hot = {site, thr->context, thr->lock_set, node};
  return node;
}

// The context word a shadow record keeps for an access by `thr` at `site` (runtime/context.h):
// with no lock held, the frame and the site's id, so the access makes no node (the word comes
// from a small cache keyed by site, the way a loop's access nodes do above); otherwise the
// access node.
INTERLOCK_ALWAYS_INLINE uint64_t access_context_word(ThreadState *thr, const interlock_site *site) {
  if (thr->lock_set == nullptr) {
    HotSiteWord &hot =
        thr->hot_site_words[(reinterpret_cast<uptr>(site) / sizeof(interlock_site)) % kHotSiteWords];
    if (INTERLOCK_LIKELY(hot.site == site)) {
      if (INTERLOCK_LIKELY(hot.frame == thr->context)) return hot.word;
      hot.frame = thr->context;
      hot.word = inline_access_word(thr->context, inline_word_site_id(hot.word));
      return hot.word;
    }
    // No site (a range check for uninstrumented code) is id 0.
    const uint32_t id = site ? site_id(site) : 0;
    if (id != 0 || site == nullptr) {
      hot = {site, thr->context, inline_access_word(thr->context, id)};
      return hot.word;
    }
  }
  return reinterpret_cast<uint64_t>(access_context(thr, site));
}

// Access nodes of vtable-pointer accesses carry their lock set with bit 0 set (nodes are
// aligned), so a report can tell, for either side of a race, that the memory was an object's
// vtable pointer; the node is otherwise the one access_context() would make.
constexpr uptr kVtablePointerTag = 1;
INTERLOCK_ALWAYS_INLINE const ContextNode *lock_set_of_access(const ContextNode *access) {
  return reinterpret_cast<const ContextNode *>(reinterpret_cast<uptr>(access->b) &
                                               ~kVtablePointerTag);
}
INTERLOCK_ALWAYS_INLINE bool is_vtable_pointer_access(const ContextNode *access) {
  return (reinterpret_cast<uptr>(access->b) & kVtablePointerTag) != 0;
}
INTERLOCK_ALWAYS_INLINE const ContextNode *vtable_pointer_access_context(
    ThreadState *thr, const interlock_site *site) {
  const void *tagged = reinterpret_cast<const void *>(reinterpret_cast<uptr>(thr->lock_set) |
                                                      kVtablePointerTag);
  return intern_context(thr->context_cache, thr->context, site, tagged);
}

enum class ThreadStatus { kCreated, kRunning, kFinished, kJoined };


constexpr uint64_t kPassedForGood = ~uint64_t(0);

struct ThreadRecord {
  Tid tid;
  Tid parent;              // kInvalidTid for the main thread
  // The clock slot the thread holds, its own clock there when it started (above every clock
  // the slot's earlier threads recorded), and the thread that held the slot before it
  // (kInvalidTid for none): thread_in_slot() walks these to name a record's thread.
  Tid slot;
  race::Clock first_clock;
  Tid previous_in_slot;
  const ContextNode *creation;  // access node of the pthread_create call
  // Clocks are as long as the clock slots in use, so a record keeps one only while somebody
  // will read it: the start clock until the thread starts, the final clock from the
  // finish until the join (none for a thread detached when it finished).
  race::VectorClock start_clock;  // the parent's clock when it created this thread
  race::VectorClock final_clock;  // the thread's clock when it finished
  race::Clock final_own_clock;    // its own component at the finish (kept for good)
  uintptr_t pthread;
  ThreadStatus status;
  bool detached;
  bool joining;  // claimed by a joiner (thread_find_for_join) until its join ends
  ThreadWait wait;
  // Moves, for other threads to see (retired_read_sets.cpp), each time the thread is between two
  // accesses outside a signal handler: at a tick and when a wait begins or ends (odd while it
  // waits; waits are published while deadlocks are detected). 0 before the thread starts,
  // kPassedForGood once it finished. Only the thread writes it while it runs.
  uint64_t passes;
  char name[32];
  uptr stack_begin;  // the thread's stack and TLS, for naming stack memory in reports
  uptr stack_end;
  ThreadState *state;
};

ThreadRecord *thread_record(Tid tid);  // null if no such thread
Tid thread_count();
// The threads that may be running, without a lock: the latest thread of each clock slot below
// clock_slots_used() (a slot's earlier threads have finished). A thread created meanwhile may be
// missed: it has not started.
Tid clock_slots_used();
ThreadRecord *latest_in_slot(Tid slot);
// The thread that recorded `clock` in clock slot `slot` (a record's thread, for reports):
// the slot's latest thread that started at or below that clock. kInvalidTid if none.
Tid thread_in_slot(Tid slot, race::Clock clock);

// In a forked child: every thread but the caller is gone (marked finished, its wait ended).
void forget_other_threads_after_fork();

// The main thread's registration, from initialize().
void register_main_thread();

void register_globals(const interlock_global *globals, size_t count);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_THREAD_STATE_H
