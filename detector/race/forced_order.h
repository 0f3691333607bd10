// The forced order: the part of happens-before that every reordering of this run's critical
// sections keeps. Races it leaves unordered are predicted races.
//
// Happens-before orders two accesses when a chain of release-acquire edges links them. An edge
// from a mutex's unlock to its next lock only says which thread the scheduler let in first:
// unless the two critical sections touch common memory (then swapping them would change what one
// of them read), the other order was just as possible, and accesses ordered through nothing but
// such edges could have run concurrently. The forced order is happens-before without those
// edges, in the manner of weak causal precedence (WCP: Kini, Mathur and Viswanathan, PLDI 2017):
//   - every other synchronization (thread create and join, atomics, fences, condition
//     variables' own edges, semaphores, barriers) is an edge of it;
//   - an unlock-to-lock edge is not; but the later critical section is ordered after the earlier
//     one's unlock as soon as it makes an access that conflicts with an access the earlier one
//     made under the same lock (rule a), and an unlock is ordered after the previous critical
//     section's unlock if that section's lock call is itself ordered before it (rule b);
//   - it composes with happens-before on both sides: whatever happens before an event ordered
//     before a second one is ordered before whatever happens after the second.
// A pair of conflicting accesses that happens-before orders but the forced order does not is
// reported as a predicted data race. As for WCP, the first one is sure to be real (a race or a
// deadlock in a reordering of the run); later ones are likely but not certain.
//
// Representation. The forced order knows at most what happens-before knows, and almost always
// exactly that: so a thread (and a mutex, for what its last unlock published) keeps its forced
// clock as its happens-before clock lowered at a few entries, its Deficits. A thread with no
// deficit costs nothing; one with more than kMaxDeficits forgets the oldest, which orders more
// (fewer predictions), never less. The evidence fields are opaque here: the runtime names the
// unlock whose edge left the deficit.
//
// Thread-safety: plain values; the owner (the thread, or the mutex's lock) serializes.
#ifndef INTERLOCK_DETECTOR_RACE_FORCED_ORDER_H
#define INTERLOCK_DETECTOR_RACE_FORCED_ORDER_H

#include <stdint.h>

#include <type_traits>

#include "detector/race/epoch.h"
#include "detector/race/vector_clock.h"

namespace interlock::race {

// The forced order knows thread `tid`'s events only up to `forced`, below what happens-before
// knows (`tid` indexes clocks: the runtime's clock slot). `lock`, `released_at` and
// `acquired_at` name the unforced edge that carried the rest (the last two as the runtime's
// 32-bit ids of calling contexts, 0 for none), `acquired_by` the thread whose lock call took it
// first, as that call named it (LockCall).
// (28 bytes, 4-aligned, so that a list stays small: the runtime keeps one in every mutex's
// object, where lists of 40-byte entries made a million mutexes cost 256 MB.)
struct __attribute__((packed, aligned(4))) ForcedDeficit {
  Tid tid;
  Clock forced;
  uint64_t lock;
  uint32_t released_at;  // the unlock by `tid`
  uint32_t acquired_at;  // the lock call that took the edge first, by `acquired_by`
  Tid acquired_by;
};

constexpr uint32_t kMaxDeficits = 4;

struct Deficits {
  uint32_t count;  // zero-initialized storage is an empty list
  ForcedDeficit entry[kMaxDeficits];

  const ForcedDeficit *find(Tid tid) const {
    for (uint32_t i = 0; i < count; i++)
      if (entry[i].tid == tid) return &entry[i];
    return nullptr;
  }
  // The forced clock's entry for `tid`, given happens-before's `observed` entry.
  Clock forced_of(Tid tid, Clock observed) const {
    const ForcedDeficit *d = find(tid);
    return d && d->forced < observed ? d->forced : observed;
  }
  // For an access `record` that happens-before covers: whether the forced order covers it too.
  bool covers(uint64_t record) const {
    const ForcedDeficit *d = find(record_tid(record));
    return !d || record_clock(record) <= d->forced;
  }
  void remove(uint32_t i) { entry[i] = entry[--count]; }
  // Adds or lowers nothing: records that the forced order knows `tid` up to `forced` only.
  // A full list drops its first entry (ordering more).
  void put(const ForcedDeficit &d) {
    if (ForcedDeficit *old = const_cast<ForcedDeficit *>(find(d.tid))) {
      if (d.forced > old->forced) old->forced = d.forced;
      return;
    }
    if (count == kMaxDeficits) remove(0);
    entry[count++] = d;
  }
};
static_assert(sizeof(Deficits) <= 128, "a list stays within 128 bytes");

// A forced edge: `observed` (the receiver's happens-before clock, already joined with
// `incoming`) grew by the release clock `incoming`, and the forced order takes all of it.
// `self`'s own entry of what arrived is noted in *self_forced (what the forced order knows of
// the receiving thread's own events, published by its unlocks); pass null for a mutex.
// Returns whether the forced order changed (a clock that brings nothing new leaves it as it was).
inline bool absorb(Deficits &d, const VectorClock &incoming, const VectorClock &observed, Tid self,
                   Clock *self_forced) {
  bool changed = false;
  if (self_forced && incoming.get(self) > *self_forced) {
    *self_forced = incoming.get(self);
    changed = true;
  }
  for (uint32_t i = d.count; i-- > 0;) {
    ForcedDeficit &e = d.entry[i];
    const Clock arrived = incoming.get(e.tid);
    if (arrived > e.forced) {
      e.forced = arrived;
      changed = true;
    }
    if (e.forced >= observed.get(e.tid)) {
      d.remove(i);
      changed = true;
    }
  }
  return changed;
}

// A lock call as an entry names it: its calling context's id and the thread that made it.
struct LockCall {
  uint32_t at;
  Tid by;
};

// The lock call given to join_unforced by the receiving thread `self`: its id (the thread is then
// `self`), or a function that makes the LockCall, called only when an entry takes it (an id
// costs the runtime work that most lock calls need not do; and the runtime names threads by a
// number that clock slots do not share).
template <class AcquiredAt>
inline LockCall lock_call_of(const AcquiredAt &acquired_at, Tid self) {
  if constexpr (std::is_integral_v<AcquiredAt>)
    return {uint32_t(acquired_at), self};
  else
    return acquired_at();
}

// join_unforced() below, in general (out of line: lock calls and unlocks almost always
// take its written-out shapes).
template <class AcquiredAt>
__attribute__((noinline)) void join_unforced_general(
    Deficits &into, const VectorClock &into_observed, const Deficits &from,
    const VectorClock &from_observed, Tid self, Clock *self_forced, AcquiredAt acquired_at,
    const ForcedDeficit *also) {
  const uint32_t sent_count = from.count + (also ? 1 : 0);
  auto sent_entry = [&](uint32_t i) -> const ForcedDeficit & {
    return i < from.count ? from.entry[i] : *also;
  };
  // The sender's forced clock at `tid`: its deficit there (one at most), or happens-before's.
  auto forced_by = [&](const ForcedDeficit &f) {
    const Clock observed = from_observed.get(f.tid);
    return f.forced < observed ? f.forced : observed;
  };
  auto sent_forced = [&](Tid tid) {
    for (uint32_t i = 0; i < sent_count; i++)
      if (sent_entry(i).tid == tid) return forced_by(sent_entry(i));
    return from_observed.get(tid);
  };
  auto observed_after = [&](Tid tid) {
    const Clock a = into_observed.get(tid), b = from_observed.get(tid);
    return a > b ? a : b;
  };
  if (self_forced) {
    const Clock arrived = sent_forced(self);
    if (arrived > *self_forced) *self_forced = arrived;
  }
  // The receiver's entries: the sender may know more of that thread, forcedly.
  for (uint32_t i = into.count; i-- > 0;) {
    ForcedDeficit &e = into.entry[i];
    const Clock sent = sent_forced(e.tid);
    if (sent > e.forced) e.forced = sent;
    if (e.forced >= observed_after(e.tid)) into.remove(i);
  }
  // Entries the receiver lacks: what it knew of that thread now falls short of what arrives.
  for (uint32_t i = 0; i < sent_count; i++) {
    const ForcedDeficit &f = sent_entry(i);
    if (f.tid == self && self_forced) continue;  // a thread knows its own events
    if (into.find(f.tid)) continue;
    const Clock known = into_observed.get(f.tid);
    const Clock sent = forced_by(f);
    const Clock forced = known > sent ? known : sent;
    if (forced >= observed_after(f.tid)) continue;
    ForcedDeficit d = f;
    d.forced = forced;
    if (self_forced && d.acquired_at == 0) {
      const LockCall call = lock_call_of(acquired_at, self);
      d.acquired_at = call.at;
      d.acquired_by = call.by;
    }
    into.put(d);
  }
}

// An unforced edge: the receiver (forced clock = `into_observed` lowered by `into`) takes the
// forced clock of the sender (`from_observed` lowered by `from`, and by `also` if given: one more
// deficit kept apart so that an unlocking thread need not copy its list to add its own events),
// while its happens-before clock takes all of `from_observed`. Call before `into_observed` is
// joined with `from_observed`. `self`/`self_forced` as for absorb(); a receiving thread names
// itself and its lock call (`acquired_at`: its id, or a function that makes it) in the entries it
// is the first to take.
// (Each sender lists a thread at most once: a list never repeats a thread, and a thread's own
// list never names it, so `also`, the unlocking thread's own entry, is not in `from`.)
template <class AcquiredAt>
__attribute__((always_inline)) inline void join_unforced(
    Deficits &into, const VectorClock &into_observed, const Deficits &from,
    const VectorClock &from_observed, Tid self, Clock *self_forced, AcquiredAt acquired_at,
    const ForcedDeficit *also = nullptr) {
  // The shapes of almost every lock call and unlock, written out: a thread that knows all it
  // knows forcedly takes the mutex's one entry (its last unlocker's own), and an unlock by
  // such a thread replaces the mutex's entries with its own. Same results as the general loops.
  if (into.count == 0 && from.count + (also ? 1 : 0) <= 1) {
    const ForcedDeficit *f = from.count ? &from.entry[0] : also;
    if (self_forced) {
      Clock arrived = from_observed.get(self);
      if (f && f->tid == self && f->forced < arrived) arrived = f->forced;
      if (arrived > *self_forced) *self_forced = arrived;
    }
    if (!f || (f->tid == self && self_forced)) return;
    const Clock known = into_observed.get(f->tid), observed = from_observed.get(f->tid);
    const Clock sent = f->forced < observed ? f->forced : observed;
    const Clock forced = known > sent ? known : sent;
    if (forced >= (known > observed ? known : observed)) return;
    ForcedDeficit &d = into.entry[into.count++];
    d = *f;
    d.forced = forced;
    if (self_forced && d.acquired_at == 0) {
      const LockCall call = lock_call_of(acquired_at, self);
      d.acquired_at = call.at;
      d.acquired_by = call.by;
    }
    return;
  }
  if (from.count == 0) {  // the sender knows all it knows forcedly, but perhaps `also`
    if (self_forced) {  // (only an unlock passes `also`, and it names no receiving thread)
      const Clock arrived = from_observed.get(self);
      if (arrived > *self_forced) *self_forced = arrived;
    }
    bool also_listed = false;
    for (uint32_t i = into.count; i-- > 0;) {
      ForcedDeficit &e = into.entry[i];
      const Clock observed = from_observed.get(e.tid), known = into_observed.get(e.tid);
      Clock sent = observed;
      if (also && also->tid == e.tid) {
        also_listed = true;
        if (also->forced < sent) sent = also->forced;
      }
      if (sent > e.forced) e.forced = sent;
      if (e.forced >= (known > observed ? known : observed)) into.remove(i);
    }
    // (An entry of also's thread removed above took a forced clock at or above what `also`
    // would add: nothing to add then either.)
    if (!also || also_listed) return;
    const Clock known = into_observed.get(also->tid), observed = from_observed.get(also->tid);
    const Clock sent = also->forced < observed ? also->forced : observed;
    const Clock forced = known > sent ? known : sent;
    if (forced >= (known > observed ? known : observed)) return;
    ForcedDeficit d = *also;
    d.forced = forced;
    into.put(d);
    return;
  }
  join_unforced_general(into, into_observed, from, from_observed, self, self_forced, acquired_at,
                        also);
}

}  // namespace interlock::race

#endif  // INTERLOCK_DETECTOR_RACE_FORCED_ORDER_H
