// Entry points for plain accesses and memory intrinsics (runtime/interface.h).
#include "runtime/access.h"

#include <errno.h>
#include <string.h>

#include <type_traits>

#include "runtime/atomicity.h"
#include "runtime/clock_memory.h"
#include "runtime/forced_order.h"
#include "runtime/report.h"

namespace interlock {

namespace {

// The check of an access by happens-before alone (see access_slow). Returns whether it raced.
INTERLOCK_ALWAYS_INLINE bool check_happens_before(ThreadState *thr, ShadowCell *cell, uptr addr,
                                                  uint64_t record, bool is_write,
                                                  uint64_t context) {
  race::Conflict earlier;
  bool racy;
  const race::VectorClock &now = thr->clock;  // (nothing to predict: the check compiled without)
  if (!is_write && race::read_in_place(*cell, record, context, now, &racy, &earlier)) {
    // Memory several threads read, and this thread had read before: no lock needed. A write
    // found racing was read as two words without the lock; read it again under the lock so the
    // report pairs the record with its own context.
    if (racy) {
      CellLockGuard guard(*cell, &thr->locking_cell);
      race::recorded_write(*cell, record, &earlier);
    }
  } else {
    // Two threads updating one cell at the same instant must not both find it empty.
    CellLockGuard guard(*cell, &thr->locking_cell);
    racy = race::check_and_record(*cell, record, context, is_write, now, cell_memory(), &earlier);
    if (race::has_overflow(*cell)) note_overflow(addr);
  }
  if (racy) report_data_race(thr, addr, record, access_node_of_word(context), is_write, earlier);
  return racy;
}

// The write record a read of a split cell saw: its lane's, read under the cell lock. (Out of
// line: note_kept_read() finds most cells whole.)
INTERLOCK_NOINLINE uint64_t lane_write_seen(ThreadState *thr, ShadowCell *cell, uint64_t record) {
  CellLockGuard guard(*cell, &thr->locking_cell);
  return race::recorded_write_record(*cell, record);
}

// A plain read that the thread's recent reads take (a critical section's, or a running
// coroutine's), by a thread with nothing to predict, after happens-before's check found no race:
// noted with the write it saw (atomicity_note_read()). Leaves the runtime.
// The write record is read after the check, not under its lock: this thread synchronizes with
// nothing in between, so a write another thread makes meanwhile is not ordered after the read
// the check just recorded, and the check of that write reports the race. (An atomic load may be
// followed by a store that races with nothing: check_with_analyses() keeps it.) Most kept reads
// are a section's check of a count or an index; going through check_with_analyses(), each cost
// about 90 instructions more.
INTERLOCK_ALWAYS_INLINE void note_kept_read(ThreadState *thr, ShadowCell *cell, uptr addr,
                                            uint64_t record, uint64_t context) {
  uint64_t write_seen = race::whole_write_record(*cell);
  if (INTERLOCK_UNLIKELY(write_seen == 0 && race::cell_split(*cell)))
    write_seen = lane_write_seen(thr, cell, record);
  atomicity_note_read(thr, addr, record, context, write_seen, /*movable_write_context=*/0);
  leave_runtime(thr->in_runtime);
}

// What check_with_analyses() is asked for, in one argument: with six, access_slow() reaches it
// by a tail call.
enum AnalysedAccess : unsigned { kAnalysedRead = 0, kAnalysedWrite = 1, kLostUpdateCandidate = 2 };

// The check of an access that the analyses beside happens-before take part in: a lost-update
// candidate other than a plain read with nothing to predict (note_kept_read() takes those), or an
// access by a thread whose forced order knows less than happens-before (a predicted race is
// possible: kPredict). Out of line, so that access_slow() and its common check keep few
// registers; it leaves the runtime itself (access_slow() entered it). Compiled twice: a
// lost-update candidate of a thread with no race to predict (atomics, a section's write that may
// pair with a kept read) pays for none of the prediction's tests, as check_happens_before() does
// not.
template <bool kPredict>
INTERLOCK_NOINLINE void check_with_analyses(ThreadState *thr, ShadowCell *cell, uptr addr,
                                            uint64_t record, uint64_t context,
                                            unsigned analysed) {
  const bool is_write = analysed & kAnalysedWrite;
  const bool atomicity = !kPredict || (analysed & kLostUpdateCandidate);
  race::Conflict earlier;
  bool racy;
  // Lost updates: the granule's write before this access, as the read saw it or as the write
  // overwrites it.
  uint64_t write_seen = 0;
  // Predicted lost updates: whether the write this read finds, by another thread, was put before
  // it only by a mutex's unlock-to-lock order. Asked of the forced order before the check, since
  // the check's rule (a) then orders that write before this very read. (Reading the cell first
  // costs a read nothing: read_in_place reads it before any lock too.)
  const uint64_t seen_before_check =
      kPredict && atomicity && !is_write && !race::record_atomic(record)
          ? race::whole_write_record(*cell)
          : 0;
  const bool seen_movable = seen_before_check != 0 &&
                            race::record_tid(seen_before_check) != thr->slot &&
                            !thr->forced.covers(seen_before_check);
  uint64_t movable_write_context = 0;
  race::Conflict overwritten;
  bool overwrites = false;
  // Happens-before, and the forced order for predicted races.
  HeldLockConfirmer confirmer(thr);
  using Now = std::conditional_t<kPredict, race::Present, const race::VectorClock &>;
  const Now now = [&]() -> Now {
    if constexpr (kPredict)
      return race::Present(thr->clock, &thr->forced, &confirmer);
    else
      return thr->clock;
  }();
  if (!is_write && race::read_in_place(*cell, record, context, now, &racy, &earlier)) {
    // Memory several threads read, and this thread had read before: no lock needed. A write
    // found racing was read as two words without the lock; read it again under the lock so the
    // report pairs the record with its own context. (The write record is read here, not before
    // the lock is tried: a write must not load the cell's line shared and then take it
    // exclusive.)
    if (atomicity) write_seen = race::whole_write_record(*cell);
    if (racy || seen_movable) {
      CellLockGuard guard(*cell, &thr->locking_cell);
      if (racy) race::recorded_write(*cell, record, &earlier);
      race::Conflict seen;
      if (seen_movable && race::recorded_write(*cell, record, &seen) &&
          seen.record == seen_before_check)
        movable_write_context = seen.context;
    }
  } else {
    // Two threads updating one cell at the same instant must not both find it empty.
    CellLockGuard guard(*cell, &thr->locking_cell);
    if (atomicity && (is_write || kPredict)) {
      overwrites = race::recorded_write(*cell, record, &overwritten);
      if (!is_write) write_seen = overwrites ? overwritten.record : 0;
      if (seen_movable && overwrites && overwritten.record == seen_before_check)
        movable_write_context = overwritten.context;
    } else if (atomicity) {
      // A read with no race to predict needs only the record it saw, compared by its epoch (the
      // bytes a record names matter only for a predicted lost update's report).
      write_seen = race::recorded_write_record(*cell, record);
    }
    racy = race::check_and_record(*cell, record, context, is_write, now, cell_memory(), &earlier);
    if (race::has_overflow(*cell)) note_overflow(addr);
  }
  if (racy) {
    report_data_race(thr, addr, record, access_node_of_word(context), is_write, earlier);
  } else if constexpr (kPredict) {
    if (now.has_predicted) {
      const race::ForcedDeficit *unforced =
          thr->forced.find(race::record_tid(now.predicted.record));
      if (unforced)
        report_data_race(thr, addr, record, access_node_of_word(context), is_write,
                         now.predicted, unforced);
    }
  }
  if (atomicity && !racy) {
    if (is_write)
      atomicity_check_write(thr, addr, record, context, overwrites ? &overwritten : nullptr);
    else
      atomicity_note_read(thr, addr, record, context, write_seen, movable_write_context);
  }
  leave_runtime(thr->in_runtime);
}

}  // namespace

namespace {

// The slow path of an access. `kAnalysed` false: a lock call's (or unlock's) access of its own
// mutex, which neither analysis takes (the mutex itself orders it in any schedule, and it is not
// the program's data): happens-before alone judges it, without asking either analysis.
template <bool kAnalysed>
INTERLOCK_ALWAYS_INLINE void access_slow_of(ThreadState *thr, ShadowCell *cell, uptr addr,
                                            uint64_t record, bool is_write,
                                            const interlock_site *site) {
  // A signal handler interrupting the runtime must not touch the thread's caches.
  if (thr->in_runtime) return;
  // The program asked for this thread's reads or writes to be ignored (checked here, not on the
  // fast path, which never returns early for them: they leave no record in the cell).
  if (is_write ? thr->ignore_writes : thr->ignore_reads) {
    // A critical section whose accesses are hidden may conflict with any other: the forced order
    // must not take it for one that touched nothing.
    forced_access_unseen(thr);
    return;
  }
  if (!cell) cell = shadow_cell(addr);
  // The rest of "already recorded", out of the fast path: split cells, and read sets (memory
  // several threads read, a word one thread reads in parts).
  if (race::cell_split(*cell)) {
    if (race::already_recorded_in_bytes(*cell, record, is_write)) return;
  } else if (!is_write && race::read_set_holds_beyond_fast_path(*cell, record)) {
    return;
  }
  enter_runtime(thr->in_runtime);
  thr->recorded_clock = race::record_clock(record);
  const uint64_t context =
      INTERLOCK_UNLIKELY(thr->vptr_access)
          ? reinterpret_cast<uint64_t>(vtable_pointer_access_context(thr, site))
          : access_context_word(thr, site);
  // Most accesses are outside critical sections and atomics (no lost update to look for) by a
  // thread whose forced order is its happens-before, or orders every record the check compares
  // with (the thread's own data): no race to predict. Happens-before alone judges them, at its
  // own cost.
  const bool atomicity = kAnalysed && atomicity_watches(thr, record) &&
                         !(is_write ? atomicity_write_pairs_with_nothing(thr, addr, record)
                                    : atomicity_quiet_read(thr, addr, context));
  const bool predict = kAnalysed && thr->forced.count != 0 && predicting_races() &&
                       !race::nothing_to_predict(*cell, is_write, thr->forced);
  if (!atomicity && !predict) {
    check_happens_before(thr, cell, addr, record, is_write, context);
    leave_runtime(thr->in_runtime);
    return;
  }
  // A plain read the lost-update analysis keeps, with nothing to predict: happens-before's
  // check, then the note.
  if (!predict && !is_write && !race::record_atomic(record)) {
    if (!check_happens_before(thr, cell, addr, record, /*is_write=*/false, context))
      return note_kept_read(thr, cell, addr, record, context);
    leave_runtime(thr->in_runtime);
    return;
  }
  unsigned analysed = is_write ? kAnalysedWrite : kAnalysedRead;
  if (atomicity) analysed |= kLostUpdateCandidate;
  if (predict)
    check_with_analyses<true>(thr, cell, addr, record, context, analysed);
  else
    check_with_analyses<false>(thr, cell, addr, record, context, analysed);
}

// (sync_object_access()'s slow path.)
INTERLOCK_NOINLINE void lock_object_access_slow(ThreadState *thr, ShadowCell *cell, uptr addr,
                                                uint64_t record, bool is_write,
                                                const interlock_site *site) {
  access_slow_of<false>(thr, cell, addr, record, is_write, site);
}

}  // namespace

void access_slow(ThreadState *thr, ShadowCell *cell, uptr addr, uint64_t record, bool is_write,
                 const interlock_site *site) {
  access_slow_of<true>(thr, cell, addr, record, is_write, site);
}

namespace {
// Calls visit(chunk_begin, chunk_size) for each piece of [addr, addr + size) inside one granule.
template <class Visit>
void for_each_granule(uptr addr, uptr size, Visit visit) {
  const uptr end = addr + size;
  while (addr < end) {
    const uptr granule_end = round_down(addr, kGranule) + kGranule;
    const uptr chunk_end = end < granule_end ? end : granule_end;
    visit(addr, unsigned(chunk_end - addr));
    addr = chunk_end;
  }
}
}  // namespace

void access_range(ThreadState *thr, uptr addr, uptr size, bool is_write, bool is_atomic,
                  const interlock_site *site) {
  for_each_granule(addr, size, [&](uptr chunk, unsigned chunk_size) {
    access_granule(thr, chunk, chunk_size, is_write, is_atomic, site);
  });
}

namespace {
// The clock of a reader whose clock is gone: it orders nothing before it.
constexpr race::VectorClock kKnowsNothing;
}  // namespace

void record_earlier_read(ThreadState *thr, uptr addr, uptr size, uint64_t epoch,
                         uint64_t context) {
  for_each_granule(addr, size, [&](uptr chunk, unsigned chunk_size) {
    ShadowCell *cell = shadow_cell(chunk);
    const uint64_t record = epoch | race::granule_mask(unsigned(chunk & 7), chunk_size);
    race::Conflict unused;
    CellLockGuard guard(*cell, &thr->locking_cell);
    race::check_and_record(*cell, record, context, /*is_write=*/false, kKnowsNothing,
                           cell_memory(), &unused);
    if (race::has_overflow(*cell)) note_overflow(chunk);
  });
}

void check_range(ThreadState *thr, uptr addr, size_t size, bool is_write,
                 const interlock_site *site) {
  if (!thr || size == 0) return;
  access_range(thr, addr, size, is_write, false, site);
}

void sync_object_access(ThreadState *thr, uptr object, bool is_write,
                        const interlock_site *site) {
  if (!thr || thr->in_runtime) return;
  const int saved_errno = errno;
  access_granule<lock_object_access_slow>(thr, object, 1, is_write, /*is_atomic=*/!is_write, site);
  errno = saved_errno;
}

void check_free(ThreadState *thr, uptr addr, size_t size, const interlock_site *site) {
  if (!thr || size == 0) return;
  thr->freeing = true;
  // Most of a block is often never touched (buffers filled in part, padding of structs): those
  // cells are empty, and reading two words is all they cost.
  for_each_granule(addr, size, [&](uptr chunk, unsigned chunk_size) {
    const ShadowCell *cell = shadow_cell(chunk);
    if (!race::cell_empty(*cell))
      access_granule(thr, chunk, chunk_size, /*is_write=*/true, false, site);
  });
  thr->freeing = false;
}

}  // namespace interlock

using namespace interlock;

#define INTERLOCK_DEFINE_ACCESS(PREFIX, N)                                                    \
  extern "C" void __interlock_##PREFIX##read##N(const void *addr, const interlock_site *s) {  \
    ThreadState *thr = tls_thread;                                                            \
    if (INTERLOCK_UNLIKELY(!thr)) return;                                                     \
    access_sized<N>(thr, reinterpret_cast<uptr>(addr), false, s);                             \
  }                                                                                           \
  extern "C" void __interlock_##PREFIX##write##N(void *addr, const interlock_site *s) {       \
    ThreadState *thr = tls_thread;                                                            \
    if (INTERLOCK_UNLIKELY(!thr)) return;                                                     \
    access_sized<N>(thr, reinterpret_cast<uptr>(addr), true, s);                              \
  }
INTERLOCK_DEFINE_ACCESS(, 1)
INTERLOCK_DEFINE_ACCESS(, 2)
INTERLOCK_DEFINE_ACCESS(, 4)
INTERLOCK_DEFINE_ACCESS(, 8)
INTERLOCK_DEFINE_ACCESS(, 16)
INTERLOCK_DEFINE_ACCESS(unaligned_, 2)
INTERLOCK_DEFINE_ACCESS(unaligned_, 4)
INTERLOCK_DEFINE_ACCESS(unaligned_, 8)
INTERLOCK_DEFINE_ACCESS(unaligned_, 16)

extern "C" void __interlock_read_range(const void *addr, size_t size, const interlock_site *s) {
  if (ThreadState *thr = tls_thread) access_range(thr, reinterpret_cast<uptr>(addr), size, false, false, s);
}

extern "C" void __interlock_write_range(void *addr, size_t size, const interlock_site *s) {
  if (ThreadState *thr = tls_thread) access_range(thr, reinterpret_cast<uptr>(addr), size, true, false, s);
}

