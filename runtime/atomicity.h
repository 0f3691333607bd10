// Atomicity violations (lost updates, check-then-act): one thread reads memory in a critical
// section of a mutex (or with an atomic load), another thread writes it, and the first thread
// then writes it in a later critical section of that mutex (or with an atomic store, not a
// read-modify-write) with a value, or after a decision, that depends on its read. Every access is
// synchronized, so no data race is reported, but the other thread's update is lost.
//
// How: each thread keeps its recent reads made under a lock or by atomic loads, by granule, with
// the granule's write record as the read saw it. A later write of the same bytes by the thread
// in another section of the same mutex (or an atomic store after an atomic load) finds the
// granule's write record changed by another thread: that write came in between. Whether the
// write depends on the read comes from the compiler: the sites where the two accesses' calling
// paths part, in the function that made both calls, must be a dependence pair the plugin
// registered (runtime/site_dependences.h: the second's value or execution depends on the
// first's result). So `v = get(); set(v + 1)` and `if (balance() >= n) withdraw(n)` are reported,
// `get(); set(42)` is not.
//
// C++20 coroutines (runtime/coroutines.h): a coroutine's reads are also kept per coroutine, and
// its write after a suspension is checked against the reads of its earlier runs, with any other
// code's write (of this thread too) in between; the sites compared are those in the coroutine's
// own function.
//
// Thread-safety: a thread's recent reads are its own; called from access_slow only.
#ifndef INTERLOCK_RUNTIME_ATOMICITY_H
#define INTERLOCK_RUNTIME_ATOMICITY_H

#include "detector/race/shadow_cell.h"
#include "runtime/context.h"
#include "runtime/coroutines.h"
#include "runtime/flags.h"
#include "runtime/rt.h"
#include "runtime/shadow.h"
#include "runtime/thread_state.h"

namespace interlock {

inline bool detecting_atomicity_violations() { return flags().detect_atomicity_violations; }

// Whether the thread's own recent reads take the access `record`: a critical section's plain
// access, or an atomic access.
inline bool atomicity_thread_watches(const ThreadState *thr, uint64_t record) {
  return race::record_atomic(record) || thr->held_count != 0;
}

// Whether the access `record` of `thr` takes part: a plain access in a critical section or in a
// running coroutine, or an atomic access other than a read-modify-write. (Inline: every
// slow-path access asks.)
// (With the analysis on, a plain access outside critical sections and coroutines, the most
// common one, is told next.)
inline bool atomicity_watches(const ThreadState *thr, uint64_t record) {
  if (!detecting_atomicity_violations()) return false;
  if (!atomicity_thread_watches(thr, record) && running_coroutine(thr) == nullptr) return false;
  return !(race::record_atomic(record) && thr->in_read_modify_write);
}

// A critical section of `m` begins (serial `section`): returns the thread's previous section of
// `m`, 0 if not known. Called only with the analysis on. (Inline: every lock call makes it, and
// almost always finds `m` among the thread's recent mutexes.)
uint64_t atomicity_first_section_in_a_while(ThreadState *thr, uptr m, uint64_t section);
INTERLOCK_ALWAYS_INLINE uint64_t atomicity_section_entered(ThreadState *thr, uptr m,
                                                           uint64_t section) {
  for (OwnSection &own : thr->own_sections) {
    if (own.lock == m) {
      const uint64_t previous = own.section;
      own.section = section;
      return previous;
    }
  }
  return atomicity_first_section_in_a_while(thr, m, section);
}

// The out-of-line parts of the two calls below. A re-read of the granule in the latest read's
// section is noted only by its code (`context`), a few per slot.
void atomicity_note_reread(RecentReadSlot &slot, uint64_t context);
void atomicity_note_coroutine_read(ThreadState *thr, uptr addr, uint64_t record, uint64_t context,
                                   uint64_t write_seen);
void atomicity_check_thread_write(ThreadState *thr, RecentReadSlot &slot, uptr addr,
                                  uint64_t record, uint64_t context,
                                  const race::Conflict &previous_write);
void atomicity_check_coroutine_write(ThreadState *thr, uptr addr, uint64_t record,
                                     uint64_t context, const race::Conflict *previous_write);

// The thread's slot for reads of `addr`: by the access's own address, in 4-byte steps, so two
// variables sharing a granule (a flag beside a counter) keep separate slots, and a write finds
// the read of the same variable.
INTERLOCK_ALWAYS_INLINE RecentReadSlot &atomicity_slot_for(ThreadState *thr, uptr addr) {
  return thr->recent_reads[(addr / 4) % kRecentReadSlots];
}

// Makes room for a new latest read of `granule` in `slot` and returns it, for the caller to fill:
// the first read of the granule in a section is the one a later section's write may depend on;
// the one before it is kept as `earlier` if it read the same granule.
INTERLOCK_ALWAYS_INLINE RecentRead &atomicity_begin_latest(RecentReadSlot &slot, uptr granule) {
  if (slot.latest.granule == granule)
    slot.earlier = slot.latest;
  else
    slot.earlier.granule = 0;  // (a read is there only while its granule is set)
  slot.forget_rereads();
  return slot.latest;
}

// Whether reads at the access node `access` need no note (kReadsQuiet): no site on its calling
// path is an index (the source of an address dependence, whose earlier reads the slot-reuse rule
// compares, runtime/site_dependences.h), and either no write could ever be found to depend on it
// (neither its site nor any call on its path starts a dependence pair, so whatever frame a later
// write parts from it in, the sites there pair with nothing), or its own block overwrites the
// bytes it read before any call (`++n`: that write forgets the note at once). The answer is kept
// in the node (access_node_note): learned once per node, and by each thread once per site and
// calling path (nodes that differ only in their lock set get it from the thread's last answer).
enum AccessNodeNote : uint32_t { kReadsUnknown = 0, kReadsKept = 1, kReadsQuiet = 2 };
AccessNodeNote learn_read_note(ThreadState *thr, const ContextNode *access);

// Whether the thread keeps no read of `addr`'s granule: its slot holds none, and no coroutine
// runs (whose reads are kept apart). A quiet read (below) may then go unnoted, where it would
// otherwise be a re-read.
INTERLOCK_ALWAYS_INLINE bool atomicity_nothing_kept_for(ThreadState *thr, uptr addr) {
  return thr->coroutines == nullptr &&
         atomicity_slot_for(thr, addr).latest.granule != round_down(addr, kGranule);
}

// Whether the watched read of `addr` (context word `context`) can go unnoted: its node's reads
// need no note, and its slot holds no read of its granule (a read there would make this one a
// re-read, which the pairing rules look at; and `earlier` keeps only the same granule's read).
// Skipping it changes nothing then, but that the slot keeps its other granule's read. A lookup
// in a section full of them (a table read under a reader lock) or a counter's `++n` costs a
// compare and the node's note instead of the read's analysis. (Coroutines' reads, and inline
// words, made with no lock held and naming no node, are always noted.)
INTERLOCK_ALWAYS_INLINE bool atomicity_quiet_read(ThreadState *thr, uptr addr, uint64_t context) {
  if (context & kInlineAccessBit) return false;
  const auto *node = reinterpret_cast<const ContextNode *>(context);
  uint32_t note = access_node_note(node);
  if (INTERLOCK_UNLIKELY(note == kReadsUnknown)) note = learn_read_note(thr, node);
  return note == kReadsQuiet && atomicity_nothing_kept_for(thr, addr);
}

// After the check of a read: remembers it with `write_seen`, the granule's write record before it.
// `context` is the access's context word (runtime/context.h). `movable_write_context` is
// write_seen's context word when another schedule could run that write after the read (another
// thread's write that only a mutex's unlock-to-lock order put before it: the forced order,
// asked before the read's own check, did not cover it), else 0: a later dependent write then
// reports a predicted violation if that write was made under the read's mutex.
// (Inline, as every read of a critical section comes here: the first read of a granule in a
// section is filled in place; re-reads and coroutines' reads go out of line.)
INTERLOCK_ALWAYS_INLINE void atomicity_note_read(ThreadState *thr, uptr addr, uint64_t record,
                                                 uint64_t context, uint64_t write_seen,
                                                 uint64_t movable_write_context) {
  if (atomicity_thread_watches(thr, record)) {
    const uptr granule = round_down(addr, kGranule);
    const bool atomic = race::record_atomic(record);
    uint64_t section;
    uptr lock = 0;
    if (atomic) {
      section = ++thr->section_serial;  // each load is a section of its own
    } else {
      const HeldMutex &innermost = thr->held[thr->held_count - 1];  // the read's section
      section = innermost.section;
      lock = innermost.address;
    }
    RecentReadSlot &slot = atomicity_slot_for(thr, addr);
    RecentRead *read = nullptr;  // the slot's latest read, to fill
    if (atomic) {
      // An atomic load pairs only with a later atomic store, and only as the slot's latest read:
      // `earlier` and the rereads are a critical section's (they go unread until a section's
      // read replaces this one, which sets them). A spin loop's load that saw the same write at
      // the same code as the latest one adds nothing a store could use.
      const RecentRead &latest = slot.latest;
      if (latest.granule != granule || latest.lock != 0 || latest.context != context ||
          latest.write_seen != write_seen || latest.record != record)
        read = &slot.latest;
    } else if (slot.latest.granule == granule && slot.latest.section == section) {
      atomicity_note_reread(slot, context);
    } else {
      read = &atomicity_begin_latest(slot, granule);
    }
    if (read) {
      read->granule = granule;
      read->record = record;
      read->context = context;
      read->write_seen = write_seen;
      read->movable_write_context = movable_write_context;
      read->section = section;
      read->lock = lock;  // (coroutine_site and suspended_at are a coroutine slot's only)
    }
  }
  if (INTERLOCK_UNLIKELY(thr->coroutines != nullptr))
    atomicity_note_coroutine_read(thr, addr, record, context, write_seen);
}

// Whether the slot's read of the granule the thread's write `record` is about to write, kept
// (slot.latest.granule is the write's), is one the write cannot pair with: the read-modify-write
// of one critical section (`++n` under the lock), the most common shape by far, is not a lost
// update: its read is this section's, and no read of the granule was kept from an earlier section.
INTERLOCK_ALWAYS_INLINE bool atomicity_only_this_sections_read(const ThreadState *thr,
                                                               const RecentReadSlot &slot,
                                                               uint64_t record) {
  const bool read_in_this_section = slot.latest.lock != 0 && thr->held_count != 0 &&
                                    slot.latest.section == thr->held[thr->held_count - 1].section;
  return read_in_this_section && !race::record_atomic(record) &&
         slot.earlier.granule != slot.latest.granule;
}

// Whether the watched write `record` of `addr` can pair with no read the thread keeps, so that
// atomicity_check_write() would report nothing: no coroutine runs (whose reads are kept apart),
// and the thread's slot holds no read of the granule, or only one of this same section
// (atomicity_only_this_sections_read). The write then needs no lost-update analysis, and the
// check need not find the write it overwrites; the slot forgets that read here, as
// atomicity_check_write() would.
INTERLOCK_ALWAYS_INLINE bool atomicity_write_pairs_with_nothing(ThreadState *thr, uptr addr,
                                                                uint64_t record) {
  if (thr->coroutines != nullptr) return false;
  RecentReadSlot &slot = atomicity_slot_for(thr, addr);
  if (slot.latest.granule != round_down(addr, kGranule)) return true;
  if (!atomicity_only_this_sections_read(thr, slot, record)) return false;
  slot.latest.granule = 0;
  slot.earlier.granule = 0;
  return true;
}

// After the check of a write: `previous_write` is the granule's write before it (with its
// context), or null when none is known. Reports a lost update if this write depends on an
// earlier read of the thread that another thread's write followed.
// Whatever this write found, the reads of these bytes it could depend on are behind it now: a
// later write builds on this one (a count raised and lowered again after unlocking), not on a
// check made before it. (A read is there only while its granule is set; the rereads are
// cleared when the next read fills `latest`.)
INTERLOCK_ALWAYS_INLINE void atomicity_check_write(ThreadState *thr, uptr addr, uint64_t record,
                                                   uint64_t context,
                                                   const race::Conflict *previous_write) {
  if (atomicity_thread_watches(thr, record)) {
    RecentReadSlot &slot = atomicity_slot_for(thr, addr);
    if (slot.latest.granule == round_down(addr, kGranule)) {
      const bool nothing_to_pair = atomicity_only_this_sections_read(thr, slot, record);
      // An atomic store after an atomic load that saw the write it now overwrites (a flag handed
      // back and forth): no other write came between, and an atomic load's write cannot be
      // predicted to come between either (no mutex orders it).
      const bool nothing_between =
          race::record_atomic(record) && slot.latest.lock == 0 && previous_write &&
          ((previous_write->record ^ slot.latest.write_seen) & race::kEpochBits) == 0;
      if (previous_write && !nothing_to_pair && !nothing_between)
        atomicity_check_thread_write(thr, slot, addr, record, context, *previous_write);
      slot.latest.granule = 0;
      slot.earlier.granule = 0;
    }
  }
  if (INTERLOCK_UNLIKELY(thr->coroutines != nullptr))
    atomicity_check_coroutine_write(thr, addr, record, context, previous_write);
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_ATOMICITY_H
