// Sync objects, happens-before through them, and the mutex model (held locks, lock sets).
#include "runtime/sync.h"

#include <string.h>

#include "runtime/atomicity.h"
#include "runtime/clock_memory.h"
#include "runtime/deadlocks.h"
#include "runtime/forced_order.h"
#include "runtime/fork.h"
#include "runtime/hangs.h"
#include "runtime/internal_alloc.h"
#include "runtime/memory_map.h"
#include "runtime/report.h"
#include "runtime/shadow.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// ---- the table: a meta-shadow slot per 8-byte granule of application memory ----
//
// Each granule's slot heads the chain of sync objects whose address lies in that granule (a
// chain, since two 4-byte atomics share a granule), so finding an object costs one slot and a
// chain of one or two, however many objects the program made (a fixed hash table of lists went
// quadratic). Bit 0 of a slot is a spin lock over changes of its chain; lookups walk it without
// (lookup_unlocked). Slots live in 4 GiB regions mapped lazily with MAP_NORESERVE, like the
// shadow, so only pages that hold sync objects cost memory; one summary byte per 4 KiB of
// application memory says whether any slot there was ever used, so forgetting the objects of a
// freed block reads a byte per page, not a slot per granule.
// Keys outside user space (descriptor and annotation keys) hash to a few far slots instead.
constexpr uptr kMetaRegionSlots = (uptr(1) << kRegionShift) / kGranule;
constexpr uptr kMetaRegionBytes = kMetaRegionSlots * sizeof(uint64_t) + kSummaryBytes;
constexpr uint64_t kSlotLockBit = 1;
constexpr unsigned kFarSlots = 256;

uptr g_meta_regions[kRegionCount];
uint64_t g_far_slots[kFarSlots];

SpinLock g_free_lock;
SyncClock *g_free_whole;   // destroyed whole objects, kept type-stable for reuse
SyncClock *g_free_clocks;  // destroyed clocks alone, likewise
SyncClock *g_all_objects;  // every object ever made, through `all_next` (for fork)

uptr meta_region(uptr region) {
  const uptr base = __atomic_load_n(&g_meta_regions[region], __ATOMIC_ACQUIRE);
  if (INTERLOCK_LIKELY(base != 0)) return base;
  return os_map_once(&g_meta_regions[region], kMetaRegionBytes, "sync-object meta shadow");
}

bool in_user_space(uptr addr) { return (addr >> kRegionShift) < kRegionCount; }

uint8_t *summary_byte(uptr base, uptr addr) {
  return page_summary(base + kMetaRegionSlots * sizeof(uint64_t), addr);
}

// `addr`'s slot, and in `*page_used` whether any slot on its page of slots was ever used (its
// summary byte; far slots always count as used). When not, no object is there, and the lookups
// skip the slot: reading a page of slots never written maps the kernel's zero page, which the
// object's creation then copies with a TLB flush on every other CPU (a program with a lock per
// object paid one per 512 granules).
INTERLOCK_ALWAYS_INLINE uint64_t *meta_slot(uptr addr, bool *page_used) {
  if (!in_user_space(addr)) {
    *page_used = true;
    return &g_far_slots[(addr >> 3) * 0x9E3779B1u % kFarSlots];
  }
  const uptr base = meta_region(addr >> kRegionShift);
  *page_used = __atomic_load_n(summary_byte(base, addr), __ATOMIC_RELAXED) != 0;
  return reinterpret_cast<uint64_t *>(base) + ((addr & kRegionOffsetMask) / kGranule);
}

// Holds a slot's lock. The thread names the slot in its state from before the lock is tried
// until after it is released, so that a forked child can release a lock that a thread which
// no longer exists held at the fork (fork_child_release_sync_slot).
class SlotGuard {
 public:
  explicit SlotGuard(uint64_t *slot) : slot_(slot), thr_(tls_thread) {
    if (thr_) thr_->locking_sync_slot = slot_;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    // The first try expects an empty slot, without a load before it: on a page of slots never
    // written, a load would map the kernel's zero page and the compare-and-swap would then copy
    // it, flushing the TLB of every CPU the process runs on (meta_slot).
    uint64_t v = 0;
    for (unsigned attempt = 0;; attempt++) {
      if (!(v & kSlotLockBit)) {
        if (__atomic_compare_exchange_n(slot_, &v, v | kSlotLockBit, false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
          break;
        if (!(v & kSlotLockBit)) continue;  // the chain changed: try again with what was read
      }
      spin_wait(attempt);
      v = __atomic_load_n(slot_, __ATOMIC_RELAXED);
    }
  }
  ~SlotGuard() {
    __atomic_store_n(slot_, __atomic_load_n(slot_, __ATOMIC_RELAXED) & ~kSlotLockBit,
                     __ATOMIC_RELEASE);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (thr_) thr_->locking_sync_slot = nullptr;
  }
  SyncClock *head() const {
    return reinterpret_cast<SyncClock *>(__atomic_load_n(slot_, __ATOMIC_RELAXED) & ~kSlotLockBit);
  }
  void set_head(SyncClock *o) {  // keeps the lock bit
    __atomic_store_n(slot_, reinterpret_cast<uint64_t>(o) | kSlotLockBit, __ATOMIC_RELAXED);
  }
  SlotGuard(const SlotGuard &) = delete;
  SlotGuard &operator=(const SlotGuard &) = delete;

 private:
  uint64_t *slot_;
  ThreadState *thr_;
};

SyncClock *lookup(const SlotGuard &slot, uptr addr) {
  for (SyncClock *o = slot.head(); o; o = o->next)
    if (o->address == addr) return o;
  return nullptr;
}

// The object for `addr`, found without the slot's lock, or null (then the locked lookup decides).
// Every lock call and unlock looks its mutex up, and the slot's lock was a second contended
// cache line per call beside the object's own. A lock-free walk can miss (it may follow an object
// being unlinked into another list) but never returns the wrong object: objects are type-stable,
// and one whose address reads `addr` is that address's only object (a destroy zeroes the address
// before the slot's lock lets anyone make another; the release store of the address publishes
// the object's fields; a clock alone replaced by a whole object leaves the address first,
// make_whole). The walk is bounded, as a chain read while it changes may run long.
constexpr unsigned kUnlockedWalkSteps = 8;
SyncClock *lookup_unlocked(const uint64_t *slot, uptr addr) {
  auto *o = reinterpret_cast<SyncClock *>(__atomic_load_n(slot, __ATOMIC_ACQUIRE) & ~kSlotLockBit);
  for (unsigned step = 0; o && step < kUnlockedWalkSteps; step++) {
    if (__atomic_load_n(&o->address, __ATOMIC_ACQUIRE) == addr) return o;
    o = __atomic_load_n(&o->next, __ATOMIC_ACQUIRE);
  }
  return nullptr;
}

// Unlinks from the locked slot every object whose address is in [begin, end), then retires
// them. Each unlink is one store, so the chain stays whole at every step (a fork may stop the
// thread anywhere).
template <class Retire>
void unlink_range(SlotGuard &slot, uptr begin, uptr end, Retire retire) {
  SyncClock *victims = nullptr;
  SyncClock *prev = nullptr;
  for (SyncClock *o = slot.head(); o;) {
    SyncClock *next = o->next;
    if (o->address >= begin && o->address < end) {
      if (prev)
        __atomic_store_n(&prev->next, next, __ATOMIC_RELAXED);
      else
        slot.set_head(next);
      __atomic_store_n(&o->next, victims, __ATOMIC_RELAXED);
      victims = o;
    } else {
      prev = o;
    }
    o = next;
  }
  while (victims) {
    SyncClock *next = victims->next;
    retire(victims);
    victims = next;
  }
}

// Puts an object no chain links to on the free list of its kind.
void free_object(SyncClock *o) {
  SpinLockGuard free_guard(g_free_lock);
  SyncClock *&free_list = o->whole ? g_free_whole : g_free_clocks;
  __atomic_store_n(&o->next, free_list, __ATOMIC_RELAXED);
  free_list = o;
}

// Takes `o` from its address (o->lock held): frees its clocks and zeroes the address, so that a
// thread that found it and then took its lock looks again (with_clock_object), and bumps the
// version that acquire caches compare.
void forget_address(SyncClock *o) {
  o->clock.free(clock_memory());
  if (o->whole) static_cast<SyncObject *>(o)->read_clock.free(clock_memory());
  __atomic_store_n(&o->version, o->version + 1, __ATOMIC_RELEASE);
  __atomic_store_n(&o->address, uptr(0), __ATOMIC_RELEASE);
}

// Frees the clocks of an object unlinked from its slot and puts it on the free list.
void retire(SyncClock *victim) {
  {
    SpinLockGuard object_guard(victim->lock);
    forget_address(victim);
  }
  free_object(victim);
}

// An object of the kind asked for, from its free list or the arena, with its state reset; linked
// nowhere yet, and its address not set.
SyncClock *new_object(bool whole) {
  SyncClock *o;
  {
    SpinLockGuard free_guard(g_free_lock);
    SyncClock *&free_list = whole ? g_free_whole : g_free_clocks;
    o = free_list;
    if (o) {
      free_list = o->next;
    } else {  // (a reused one keeps its version counting)
      o = whole ? static_cast<SyncClock *>(internal_new_zeroed<SyncObject>())
                : internal_new_zeroed<SyncClock>();
      o->whole = whole;
      o->all_next = g_all_objects;
      g_all_objects = o;
    }
  }
  if (whole) {
    SyncObject *w = static_cast<SyncObject *>(o);
    w->mutex_watched = false;
    w->mutex_is_rwlock = false;
    w->mutex_owner = kInvalidTid;
    w->mutex_locked_at = nullptr;
    w->mutex_last_unlocker = kInvalidTid;
    w->mutex_last_unlocked_at = nullptr;
    w->barrier_count = 0;
    w->barrier_arrivals = 0;
    w->forced_deficits.count = 0;
    w->section_holder = kInvalidTid;
    w->section_acquired = 0;
    w->section_version = 0;
    w->forced_stamp = 0;
  }
  return o;
}

// Makes `addr`'s object, of the kind asked for, at the head of its locked slot.
SyncClock *make_object(SlotGuard &slot, uptr addr, bool whole) {
  SyncClock *o = new_object(whole);
  __atomic_store_n(&o->address, addr, __ATOMIC_RELEASE);
  __atomic_store_n(&o->next, slot.head(), __ATOMIC_RELAXED);
  slot.set_head(o);
  if (in_user_space(addr)) mark_page(summary_byte(meta_region(addr >> kRegionShift), addr));
  return o;
}

// Puts a whole object in place of `addr`'s clock alone, `alone`, in its locked slot: it takes
// over the clock (a release a thread makes into `alone` after finding it waits for its lock, then
// finds the address gone and looks again: with_clock_object). `alone` leaves the address before
// the whole object is linked, so no lookup ever finds the two at once: one without the slot's
// lock that finds neither meanwhile takes the lock, which this holds. The chain stays whole at
// every step: the new object is linked by one store.
SyncObject *make_whole(SlotGuard &slot, SyncClock *alone, uptr addr) {
  SyncObject *whole = static_cast<SyncObject *>(new_object(/*whole=*/true));
  {
    SpinLockGuard guard(alone->lock);
    whole->clock.assign(alone->clock, clock_memory());
    forget_address(alone);
    __atomic_store_n(&whole->next, alone->next, __ATOMIC_RELAXED);
    __atomic_store_n(&whole->address, addr, __ATOMIC_RELEASE);
    SyncClock *prev = nullptr;
    for (SyncClock *o = slot.head(); o != alone; o = o->next) prev = o;
    if (prev)
      __atomic_store_n(&prev->next, static_cast<SyncClock *>(whole), __ATOMIC_RELEASE);
    else
      slot.set_head(whole);
  }
  free_object(alone);
  return whole;
}

// sync_object() past the lookup without the slot's lock (out of line: every lock call and
// unlock looks its mutex up, and almost always finds it so).
INTERLOCK_NOINLINE SyncObject *sync_object_locked(uint64_t *slot_word, uptr addr) {
  SlotGuard slot(slot_word);
  SyncClock *o = lookup(slot, addr);
  if (!o) return static_cast<SyncObject *>(make_object(slot, addr, /*whole=*/true));
  if (!o->whole) return make_whole(slot, o, addr);
  return static_cast<SyncObject *>(o);
}

}  // namespace

SyncObject *sync_object(uptr addr) {
  bool page_used;
  uint64_t *slot_word = meta_slot(addr, &page_used);
  if (INTERLOCK_LIKELY(page_used)) {
    SyncClock *o = lookup_unlocked(slot_word, addr);
    if (INTERLOCK_LIKELY(o && o->whole)) return static_cast<SyncObject *>(o);
  }
  return sync_object_locked(slot_word, addr);
}

SyncObject *find_sync_object(uptr addr) {
  SyncClock *o = clock_object(addr, /*make=*/false);
  return o && o->whole ? static_cast<SyncObject *>(o) : nullptr;
}

namespace {
// clock_object() past the lookup without the slot's lock (out of line, as sync_object_locked).
INTERLOCK_NOINLINE SyncClock *clock_object_locked(uint64_t *slot_word, uptr addr, bool make) {
  SlotGuard slot(slot_word);
  if (SyncClock *o = lookup(slot, addr)) return o;
  return make ? make_object(slot, addr, /*whole=*/false) : nullptr;
}
}  // namespace

SyncClock *clock_object(uptr addr, bool make) {
  bool page_used;
  uint64_t *slot_word = meta_slot(addr, &page_used);
  if (!page_used) {
    // No object was ever made on the page; one made now by another thread is ordered after
    // this call (its summary byte is written before the maker's next release).
    if (!make) return nullptr;
  } else if (SyncClock *o = lookup_unlocked(slot_word, addr)) {
    return o;
  }
  return clock_object_locked(slot_word, addr, make);
}

bool lock_is_rwlock(uptr addr) {
  SyncObject *o = find_sync_object(addr);
  if (!o) return false;
  SpinLockGuard guard(o->lock);
  return o->address == addr && o->mutex_is_rwlock;
}

// Both take slot and free-list locks: inside the runtime, whoever calls them, so that a signal
// handler interrupting them stays out instead of spinning on those locks (runtime/thread_state.h,
// kHandlerInsideRuntime).
void sync_destroy(uptr addr) {
  bool page_used;
  uint64_t *slot_word = meta_slot(addr, &page_used);
  if (!page_used) return;  // no object was ever made there: nothing to write
  ScopedInRuntime in_runtime(tls_thread);
  SlotGuard slot(slot_word);
  unlink_range(slot, addr, addr + 1, retire);
}

void sync_forget_range(uptr addr, uptr size) {
  if (size == 0 || !in_user_space(addr)) return;
  const uptr end = addr + size;
  uptr page = round_down(addr, uptr(1) << kSummaryShift);
  while (page < end) {
    const uptr region = page >> kRegionShift;
    if (region >= kRegionCount) return;
    const uptr page_end = page + (uptr(1) << kSummaryShift);
    const uptr base = __atomic_load_n(&g_meta_regions[region], __ATOMIC_ACQUIRE);
    if (base == 0) {  // no sync object was ever made in this 4 GiB region
      page = (region + 1) << kRegionShift;
      continue;
    }
    if (__atomic_load_n(summary_byte(base, page), __ATOMIC_RELAXED)) {
      const uptr from = page < addr ? addr : page;
      const uptr to = page_end < end ? page_end : end;
      for (uptr g = round_down(from, kGranule); g < to; g += kGranule) {
        uint64_t *slot_word = reinterpret_cast<uint64_t *>(base) + ((g & kRegionOffsetMask) / kGranule);
        if (__atomic_load_n(slot_word, __ATOMIC_RELAXED) == 0) continue;
        ScopedInRuntime in_runtime(tls_thread);
        SlotGuard slot(slot_word);
        unlink_range(slot, from, to, retire);
      }
    }
    page = page_end;
  }
}

void sync_acquire(ThreadState *thr, uptr addr) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  with_clock_object(addr, /*make=*/true, [&](SyncClock *o) {
    thr->clock.join(o->clock, clock_memory());
    forced_edge(thr, o->clock);
  });
}

void sync_release(ThreadState *thr, uptr addr) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  with_clock_object(addr, /*make=*/true,
                    [&](SyncClock *o) { publish_join(o, thr->clock, clock_memory()); });
  tick(thr);
}

// ---- barriers ----

void barrier_init(ThreadState *thr, uptr barrier, unsigned count) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  sync_destroy(barrier);  // a new barrier has no history, nor rounds
  SyncObject *o = sync_object(barrier);
  SpinLockGuard guard(o->lock);
  o->barrier_count = count;
}

unsigned barrier_arrive(ThreadState *thr, uptr barrier) {
  if (!thr) return 0;
  unsigned parity;
  {
    ScopedInRuntime in_runtime(thr);
    SyncObject *o = sync_object(barrier);
    SpinLockGuard guard(o->lock);
    parity = o->barrier_count == 0 ? 0 : unsigned(o->barrier_arrivals++ / o->barrier_count) & 1;
    if (parity == 0)
      publish_join(o, thr->clock, clock_memory());
    else
      o->read_clock.join(thr->clock, clock_memory());
  }
  tick(thr);
  return parity;
}

void barrier_leave(ThreadState *thr, uptr barrier, unsigned round_parity) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = sync_object(barrier);
  SpinLockGuard guard(o->lock);
  const race::VectorClock &round = round_parity == 0 ? o->clock : o->read_clock;
  thr->clock.join(round, clock_memory());
  forced_edge(thr, round);
}

// ---- mutexes ----

namespace {

void rebuild_lock_set(ThreadState *thr) {
  const ContextNode *set = nullptr;
  for (uint32_t i = 0; i < thr->held_count; i++)
    set = intern_context(thr->context_cache, set, reinterpret_cast<const void *>(thr->held[i].address),
                         thr->held[i].acquired_at);
  thr->lock_set = set;
}

INTERLOCK_NOINLINE void grow_held(ThreadState *thr) {
  uint32_t cap = thr->held_capacity ? thr->held_capacity * 2 : 16;
  auto *fresh = static_cast<HeldMutex *>(internal_alloc(cap * sizeof(HeldMutex)));
  if (thr->held_count) memcpy(fresh, thr->held, thr->held_count * sizeof(HeldMutex));
  free_held_array(thr->held, thr->held_capacity);
  thr->held = fresh;
  thr->held_capacity = cap;
}

// A new hold of `m`. `object`, `previous_holder` and `previous_acquired` are the mutex's sync
// object and the forced order's note of the hold before (null, kInvalidTid and 0 when none).
INTERLOCK_ALWAYS_INLINE void push_held(ThreadState *thr, uptr m, unsigned mode,
                                       const ContextNode *acquired_at, SyncObject *object,
                                       Tid previous_holder, race::Clock previous_acquired) {
  if (INTERLOCK_UNLIKELY(thr->held_count == thr->held_capacity)) grow_held(thr);
  const uint64_t section = ++thr->section_serial;
  const uint64_t previous_own =
      detecting_atomicity_violations() ? atomicity_section_entered(thr, m, section) : 0;
  thr->held[thr->held_count++] = {m, mode, 1, acquired_at, false, false, section, previous_own,
                                  object, previous_holder, previous_acquired};
  thr->lock_set = intern_context(thr->context_cache, thr->lock_set,
                                 reinterpret_cast<const void *>(m), acquired_at);
}

// Whether the runtime saw this mutex's whole life, so that "no thread holds it" is a fact: it was
// created, locked or unlocked under the runtime's eye, or it is a global of the program (the
// runtime starts before the program's constructors, so nothing locked it unseen). A mutex
// nothing is known of (a heap block used as a mutex, locked while the runtime was not yet
// running) is not judged.
bool whole_life_seen(const SyncObject *o, bool is_global) {
  return o->mutex_watched || is_global;
}

// An unlock by a thread that does not hold `m` (o->lock held): fills `misuse` and returns true
// when that is a misuse the model can judge. A read unlock, or a rwlock unlock (flags 0: the
// side is unknown) while no thread holds it for writing, may release a read hold the model does
// not track per thread, so only a rwlock write-held by another thread is judged.
bool judge_foreign_unlock(ThreadState *thr, const SyncObject *o, bool is_global, unsigned flags,
                          MutexMisuseReport *misuse) {
  if (flags & kMutexRead) return false;
  const bool exclusive = (flags & kMutexWrite) != 0;
  if (o->mutex_owner != kInvalidTid && o->mutex_owner != thr->tid) {
    misuse->what = report::MutexMisuseKind::kUnlockNotHeld;
    misuse->owner = o->mutex_owner;
    misuse->locked_at = o->mutex_locked_at;
    return true;
  }
  if (!exclusive || !whole_life_seen(o, is_global)) return false;
  if (o->mutex_owner == thr->tid) return false;  // recorded as ours: our held list disagrees
  if (o->mutex_last_unlocker == thr->tid && o->mutex_last_unlocked_at) {
    misuse->what = report::MutexMisuseKind::kDoubleUnlock;
    misuse->last_unlocked_at = o->mutex_last_unlocked_at;
  } else {
    misuse->what = report::MutexMisuseKind::kUnlockNotHeld;
  }
  misuse->owner = kInvalidTid;
  return true;
}

INTERLOCK_ALWAYS_INLINE void remove_held(ThreadState *thr, HeldMutex *h) {
  bool was_last = h == &thr->held[thr->held_count - 1];
  uint32_t i = uint32_t(h - thr->held);
  // (Locks are mostly released in the reverse order: nothing to move, and no call of the
  // runtime's byte-wise memmove.)
  if (!was_last)
    memmove(&thr->held[i], &thr->held[i + 1], (thr->held_count - i - 1) * sizeof(HeldMutex));
  thr->held_count--;
  if (was_last && thr->lock_set)
    thr->lock_set = thr->lock_set->parent;
  else
    rebuild_lock_set(thr);
}


}  // namespace

void mutex_create(ThreadState *thr, uptr m, unsigned flags) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  lock_created(m);
  SyncObject *o = sync_object(m);
  SpinLockGuard guard(o->lock);
  (void)flags;
  o->mutex_watched = true;
}

void mutex_pre_destroy(ThreadState *thr, uptr m) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  SyncObject *o = find_sync_object(m);
  if (!o) return;
  MutexMisuseReport misuse{};
  {
    SpinLockGuard guard(o->lock);
    if (o->address != m || o->mutex_owner == kInvalidTid) return;
    misuse.is_rwlock = o->mutex_is_rwlock;
    misuse.owner = o->mutex_owner;
    misuse.locked_at = o->mutex_locked_at;
  }
  misuse.what = report::MutexMisuseKind::kDestroyLocked;
  misuse.thread = thr->tid;
  misuse.mutex = m;
  misuse.at = access_context(thr, current_callsite());
  report_mutex_misuse(misuse);
}

void mutex_destroy(ThreadState *thr, uptr m) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  lock_destroyed(m);
  sync_destroy(m);
}

void mutex_pre_lock(ThreadState *thr, uptr m, unsigned flags) {
  // Happens-before needs nothing before the lock is taken; the lock-order graph and the
  // deadlock watchdog do.
  lock_requested(thr, m, flags);
  if (!thr || (flags & kMutexTry)) return;
  // Re-locking a recursive mutex this thread holds does not wait.
  if ((flags & kMutexRecursive) && find_held(thr, m)) return;
  begin_lock_wait(thr, m, flags);
}

void mutex_lock_failed(ThreadState *thr, uptr m) {
  (void)m;
  wait_end(thr);
}

namespace {

// A new hold of `o` by `thr` (o->lock held): what the misuse checks know of the mutex's holder.
void note_holder(SyncObject *o, ThreadState *thr, unsigned flags, const ContextNode *acquired_at) {
  o->mutex_watched = true;
  if (flags & kMutexRwlock) o->mutex_is_rwlock = true;
  o->mutex_last_unlocker = kInvalidTid;
  o->mutex_last_unlocked_at = nullptr;
  if (!(flags & kMutexRead)) {
    o->mutex_owner = thr->tid;
    o->mutex_locked_at = acquired_at;
  }
}

}  // namespace

void mutex_post_lock(ThreadState *thr, uptr m, unsigned flags) {
  if (!thr) return;
  end_lock_wait(thr);
  SyncObject *o;
  const bool for_write = !(flags & kMutexRead);
  // A recursive re-lock adds no hold: it needs no lock call context and changes no holder.
  const bool relock = find_held(thr, m) != nullptr;
  const ContextNode *acquired_at = nullptr;
  Tid previous_holder = kInvalidTid;
  race::Clock previous_acquired = 0;
  {
    ScopedInRuntime in_runtime(thr);
    if (!relock) acquired_at = access_context(thr, current_callsite());
    o = sync_object(m);
    SpinLockGuard guard(o->lock);
    forced_lock_acquired(thr, o, for_write, acquired_at, &previous_holder, &previous_acquired);
    thr->clock.join(o->clock, clock_memory());
    // A writer also waits for every reader before it: their reads happen before its writes.
    // (The forced order keeps that edge: read sections are not reordered against writes here.)
    if (for_write) {
      thr->clock.join(o->read_clock, clock_memory());
      forced_edge(thr, o->read_clock);
    }
    // Under the same hold of the object's lock as the acquisition: each of its lock and unlock
    // calls takes that contended line once.
    if (!relock) note_holder(o, thr, flags, acquired_at);
  }
  // The lock call's read of the mutex, after the acquisition (so a lock ordered after the
  // init by this very mutex's earlier unlocks does not race with it) and before the lock joins
  // the held set (the call did not hold it yet). Outside the runtime: the access may report.
  if (flags & kMutexReadsObject) sync_object_access(thr, m, /*is_write=*/false, current_callsite());
  ScopedInRuntime in_runtime(thr);
  if (relock) {
    // (Found again: a signal handler may have moved the held array meanwhile.)
    find_held(thr, m)->count++;  // already in the lock set
    return;
  }
  // A racing destroy or free may have forgotten the object meanwhile (objects are type-stable,
  // so its address says whether it is still this lock's): the new one learns of the hold.
  if (__atomic_load_n(&o->address, __ATOMIC_ACQUIRE) != m) {
    o = sync_object(m);
    SpinLockGuard guard(o->lock);
    note_holder(o, thr, flags, acquired_at);
  }
  push_held(thr, m, (flags & kMutexRead) ? kMutexRead : kMutexWrite, acquired_at, o,
            previous_holder, previous_acquired);
}

void mutex_pre_unlock(ThreadState *thr, uptr m, unsigned flags) {
  if (!thr) return;
  // The unlock's read of the mutex, before the release publishes it to the next holder.
  if (flags & kMutexReadsObject) sync_object_access(thr, m, /*is_write=*/false, current_callsite());
  ScopedInRuntime in_runtime(thr);
  HeldMutex *h = find_held(thr, m);
  unsigned mode = flags & (kMutexRead | kMutexWrite);
  if (mode == 0) mode = h ? h->mode : kMutexWrite;
  const bool last_release = h && h->count == 1;
  const ContextNode *unlock_at = nullptr;
  if (last_release || !h) unlock_at = access_context(thr, current_callsite());
  MutexMisuseReport misuse{};
  bool misused = false;
  Tid preempted_owner = kInvalidTid;
  const bool is_global = !h && find_global(m) != nullptr;  // looked up outside the object's lock
  SyncObject *o = sync_object(m);
  {
    SpinLockGuard guard(o->lock);
    if (!h) misused = judge_foreign_unlock(thr, o, is_global, flags, &misuse);
    if (!h && o->mutex_owner != kInvalidTid && o->mutex_owner != thr->tid)
      preempted_owner = o->mutex_owner;
    if (mode & kMutexRead) {
      o->read_clock.join(thr->clock, clock_memory());
    } else {
      const bool stamp = forced_lock_released(thr, o, h, unlock_at);
      publish_join(o, thr->clock, clock_memory());
      if (stamp) forced_stamp_release(thr, o);
    }
    // A foreign unlock of a mutex another thread holds leaves it that thread's: its held list
    // still has it (and an errorcheck or recursive mutex refuses the unlock anyway).
    const bool releases = last_release || (!h && o->mutex_owner == kInvalidTid);
    if (releases) {
      if (o->mutex_owner == thr->tid) o->mutex_owner = kInvalidTid;
      o->mutex_watched = true;
      o->mutex_last_unlocker = thr->tid;
      o->mutex_last_unlocked_at = unlock_at;
    }
  }
  tick(thr);
  if (h && --h->count == 0) remove_held(thr, h);
  if (preempted_owner != kInvalidTid) lock_released_by_non_holder(m, preempted_owner, thr->tid);
  if (misused) {
    misuse.thread = thr->tid;
    misuse.mutex = m;
    misuse.is_rwlock = (flags & kMutexWrite) == 0;  // only rwlock unlocks come without it
    misuse.at = unlock_at;
    report_mutex_misuse(misuse);
  }
}

void held_lock_add(ThreadState *thr, uptr m, unsigned mode) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  if (HeldMutex *h = find_held(thr, m)) {
    h->mode = mode;  // a conversion: held once, now in `mode`
    return;
  }
  push_held(thr, m, mode, access_context(thr, current_callsite()), nullptr, kInvalidTid, 0);
}

void held_lock_remove(ThreadState *thr, uptr m) {
  if (!thr) return;
  ScopedInRuntime in_runtime(thr);
  if (HeldMutex *h = find_held(thr, m)) remove_held(thr, h);
}

void lock_sync_table_for_fork() {
  g_free_lock.lock();
  // No object is made while the free list's lock is held, so the list of all objects is fixed.
  for (SyncClock *o = g_all_objects; o; o = o->all_next) o->lock.lock();
}
void unlock_sync_table_after_fork() {
  for (SyncClock *o = g_all_objects; o; o = o->all_next) o->lock.unlock();
  g_free_lock.unlock();
}

void fork_child_release_sync_slot(ThreadState *vanished) {
  if (uint64_t *slot = vanished->locking_sync_slot) {
    __atomic_store_n(slot, __atomic_load_n(slot, __ATOMIC_RELAXED) & ~kSlotLockBit, __ATOMIC_RELEASE);
    vanished->locking_sync_slot = nullptr;
  }
}

}  // namespace interlock
