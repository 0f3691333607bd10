// The race check: FastTrack over one 8-byte granule of application memory.
//
// A ShadowCell remembers the last write and the last read of its granule as access records
// (epoch.h) together with an opaque 64-bit context naming the access's stack and held locks.
// When reads by several threads are concurrent, the read slot points to a ReadSet holding one
// record per reading thread (FastTrack's read-shared mode), so no concurrent read is forgotten;
// so it does when a read of some bytes would forget an earlier read of the others (a thread
// re-reading part of a word in a later epoch), each thread's entries a partition of its bytes.
// When one thread touches different bytes of the granule from different sites in one epoch (a
// byte buffer read at several places, struct fields), the records merge into one and only the
// contexts are kept per byte (ByteContexts): the check needs the record, a report the context.
// When a write would overwrite the record of other bytes of the granule (adjacent bytes
// written by different threads or in different epochs), the cell splits into lane cells: a pair
// of lanes, the bytes written and the others, in one cache line (one of two 4-byte values, a
// byte stored into a word written in an earlier epoch); and once a write would overwrite the
// record of other bytes of one lane of the pair as well, eight byte lanes. A race that happened
// is reported with the right line, however the granule's bytes were shared.
//
// Thread-safety: check_and_record() on one cell must be serialized by the caller (the runtime
// holds the lock inside the cell: lock_cell()), otherwise two simultaneous accesses could both find the
// cell empty and one record would overwrite the other, hiding the very race they form. Two
// things may run concurrently with it: readers that only compare (the access fast path), and
// read_in_place(), where a thread already owning an entry in the cell's read set updates it
// without the lock. The latter is safe by a store-fence-load handshake on both sides: the
// reader stores its entry, fences, then loads the write; a writer stores the write, fences, then
// scans the readers. Whichever comes second sees the other, so the race is found by one of
// them. Anything that replaces or detaches a read set (growth, splitting) first clears the read
// slot and fences, so an in-place reader notices and retries under the lock. The in-place
// reader of a one-thread set also names its read in the read context word (the read-set cache,
// see kSetCacheFlip), by compare-and-swap from a value only a read-shared cell holds.
// Every field is read and written with relaxed atomics.
#ifndef INTERLOCK_DETECTOR_RACE_SHADOW_CELL_H
#define INTERLOCK_DETECTOR_RACE_SHADOW_CELL_H

#include <stdint.h>

#include "detector/race/epoch.h"
#include "detector/race/forced_order.h"
#include "detector/race/vector_clock.h"

namespace interlock::race {

// A reader's record and its context word: one context, or, when the thread read the entry's
// bytes from several sites in one epoch, an array the cell memory keeps for good
// (fold_own_entries).
struct ReadSetEntry {
  uint64_t record;
  uint64_t context;
};

// Readers concurrent with each other, or one thread's reads of different bytes in different
// epochs (a later read of some of the bytes must not forget the earlier read of the others).
// 64-byte aligned: the read slot holds it shifted left by two (read_set_slot), which leaves the
// mask byte zero (a real record always has a non-zero mask). The smallest set is one cache line
// with three entries: most granules that need one hold two or three.
struct ReadSet {
  uint32_t count;     // entries in use (atomic)
  uint32_t capacity;  // fixed at allocation
  uint64_t reserved;
  ReadSetEntry entries[1];  // `capacity` entries
};
constexpr uint32_t read_set_capacity_for(uint64_t bytes) {
  return uint32_t((bytes - sizeof(ReadSet)) / sizeof(ReadSetEntry) + 1);
}
// The entries in use: the count, which an append to a full set moves past the capacity for a
// moment (add_reader), clamped to it.
inline uint32_t entries_in_use(const ReadSet *set) {
  const uint32_t n = __atomic_load_n(&set->count, __ATOMIC_ACQUIRE);
  return n < set->capacity ? n : set->capacity;
}

struct ShadowCell {
  uint64_t write;  // a record, or a ByteCells* (mask byte zero), or 0
  // The write's context, or a ByteContexts* or PairContexts* with kByteContextsBit set (see
  // context words below). Bit 0 is the cell's lock (contexts are 8-byte aligned), kept in the
  // cell so that taking it touches no other cache line: see lock_cell().
  uint64_t write_context;
  uint64_t read;  // a record, or a ReadSet* (mask byte zero), or 0
  // As write_context, without the lock bit. While `read` points to a read set (whose entries
  // keep their own contexts), the read-set cache instead: the last plain read recorded in the
  // set (see set_cache_word()).
  uint64_t read_context;
  // Once the granule is split into lane cells (`write` points to them), `read` and
  // `read_context` are free: they then hold the last read and the last write recorded in the
  // bytes, as whole records (the split-cell cache, see note_recorded_in_bytes()), so that a
  // repeat of either in the same epoch is known from this one cache line, and a repeated read
  // stays on the inline fast path.
};
static_assert(sizeof(ShadowCell) == 32, "shadow layout assumes 32-byte cells");

// A granule whose bytes were accessed separately by different threads or epochs: one cell per
// byte, so no byte's history is overwritten by an access to its neighbours. 256-byte aligned.
struct ByteCells {
  ShadowCell byte[8];
};

// The same when two lanes suffice: lane 0 holds the bytes of a mask that includes byte 0 (kept
// in the slot that points here), lane 1 the others. A quarter of the memory, one cache line: a
// granule of two 4-byte values written in different epochs, a byte written into a word written
// earlier. Its lanes never split themselves: the granule moves to ByteCells instead.
// 64-byte aligned.
struct LanePair {
  ShadowCell lane[2];
};

// The contexts of one record's bytes, when the thread reached them from different sites in the
// same epoch (a record with its mask merged). Only bytes of the record's mask are meaningful;
// the others are zero. 64-byte aligned. Immutable once a context word names it (CellMemory
// shares equal ones); released when the record is replaced.
struct ByteContexts {
  uint64_t context[8];
};
// The same, one context per two bytes, when each pair of the record's bytes was reached from one
// site: an array of 2- or 4-byte elements written at several sites in one epoch (an unrolled
// loop, a sort's index arrays) needs half the memory. 32-byte aligned.
struct PairContexts {
  uint64_t context[4];
};

// Where overflow structures come from (the runtime's arena; the heap in tests).
class CellMemory {
 public:
  // Zeroed, 256-byte aligned, with room for at least `min_capacity` entries; capacity is set.
  virtual ReadSet *allocate_read_set(uint32_t min_capacity) = 0;
  virtual void release_read_set(ReadSet *set) = 0;
  // A set just detached from its cell, which other threads may still be reading (the access
  // fast path) or updating in place without the cell lock: to be freed once none can be.
  // Its `reserved` word is the memory's to use.
  virtual void retire_read_set(ReadSet *set) = 0;
  // Zeroed, 256-byte aligned.
  virtual ByteCells *allocate_byte_cells() = 0;
  virtual void release_byte_cells(ByteCells *cells) = 0;
  // Zeroed, 64-byte aligned.
  virtual LanePair *allocate_lane_pair() = 0;
  virtual void release_lane_pair(LanePair *pair) = 0;
  // A pair just detached from its cell, which other threads may still be reading (the slow
  // path's already_recorded_in_bytes, without the cell lock): to be freed once none can be. The
  // write context of its lane 0 is the memory's to use.
  virtual void retire_lane_pair(LanePair *pair) = 0;
  // An array equal to `contents`, 64-byte aligned, for a context word to name until it is
  // released; nobody writes it. Either fresh (released once per share) or one the memory keeps
  // for good and hands to every share of equal contents, whose release does nothing: an
  // unrolled loop or a struct's fields give every granule of an array the same contexts.
  virtual const ByteContexts *share_byte_contexts(const ByteContexts &contents) = 0;
  virtual void release_byte_contexts(const ByteContexts *contexts) = 0;
  // The same, 32-byte aligned.
  virtual const PairContexts *share_pair_contexts(const PairContexts &contents) = 0;
  virtual void release_pair_contexts(const PairContexts *contexts) = 0;
  // An array equal to `contents` that the memory keeps for good (as share_*_contexts may hand
  // out), or null when it keeps no more. Its release does nothing, so any number of context
  // words may name it for as long as they like: a read set's entries, whose words are copied
  // when the set grows or splits and never released, name only these or a single context.
  virtual const ByteContexts *keep_byte_contexts(const ByteContexts &contents) = 0;
  virtual const PairContexts *keep_pair_contexts(const PairContexts &contents) = 0;

  // Records no cell needs to keep: every access from now on happens after them, so none can
  // conflict with them or be predicted to. They are named by a table of clocks indexed by clock
  // slot (settle_by()): slot t's records up to table[t]. The runtime settles what a thread did
  // while it was the process's only one (its later accesses follow by program order, every
  // other thread starts after, from it or its descendants) and what a thread joined by a lone
  // joiner did. (A buffer the main thread cleared before starting workers that write
  // neighbouring bytes then splits no granule.) No table: nothing is settled.
  // Thread-safety: the table's entries change while checks run; an entry only grows, except
  // that a lone thread's own entry, which settles its accesses as it makes them, is bounded
  // again when it starts a thread, before that thread can read it.
  bool settled(uint64_t record) const {
    const Clock *table = __atomic_load_n(&settled_clocks_, __ATOMIC_ACQUIRE);
    return table &&
           record_clock(record) <= __atomic_load_n(&table[record_tid(record)], __ATOMIC_RELAXED);
  }
  // `table` has an entry for every thread id a record can name.
  void settle_by(const Clock *table) { __atomic_store_n(&settled_clocks_, table, __ATOMIC_RELEASE); }

 protected:
  ~CellMemory() = default;

 private:
  const Clock *settled_clocks_ = nullptr;
};

// The earlier access that conflicts with the current one.
struct Conflict {
  uint64_t record;
  uint64_t context;
  bool is_write;
};

// Where the race check asks the caller to confirm an unforced edge (forced_order.h): only the
// runtime knows which locks an access held and what their unlocks published.
class ForcedOrderConfirmer {
 public:
  // `earlier` conflicts with the current access and happens before it, but the forced order does
  // not (yet) cover it. Joins whatever rule (a) orders before the current access (the unlocks of
  // earlier critical sections, on a lock held now, that `earlier` was made in); returns whether
  // the forced order covers `earlier` now.
  virtual bool confirm(const Conflict &earlier) = 0;

 protected:
  ~ForcedOrderConfirmer() = default;
};

// The accessing thread's present as the check sees it: its happens-before clock and, when
// predictions are on, the forced order's deficits against it (forced_order.h). The check
// reports what happens-before leaves unordered as it always did, and notes in `predicted` the
// first earlier access that only happens-before orders.
// The check is compiled for either kind of present: a Present, or a VectorClock alone when no
// race is to be predicted (the common case, which then pays for none of the prediction's tests).
struct Present {
  Present(const VectorClock &clock) : observed(clock) {}  // NOLINT: no predictions
  Present(const VectorClock &clock, const Deficits *deficits, ForcedOrderConfirmer *confirm)
      : observed(clock), forced(deficits), confirmer(confirm) {}

  bool covers(uint64_t record) const { return observed.covers(record); }

  const VectorClock &observed;
  const Deficits *forced = nullptr;
  ForcedOrderConfirmer *confirmer = nullptr;
  mutable Conflict predicted;  // set with has_predicted (left unset: every check makes a Present)
  mutable bool has_predicted = false;
};

// The vocabulary of a slot (a cell's write or read word), for the access fast path, which reads
// slots without the cell lock.
// A slot holds a record, nothing (0), or a pointer to an overflow structure (mask byte zero).
inline bool is_pointer(uint64_t slot) { return slot != 0 && (slot & kMaskBits) == 0; }
// True when `slot` holds the record of the same thread, epoch and atomicity as `record`, with at
// least its bytes: recording `record` there would add nothing. (Pointers have an empty mask.)
// (One test: the slot's bytes cover the record's when their difference has none of the
// record's bytes, and the rest must be equal. So each slot the fast path tests costs one
// register, the slot's, beside the record and `record | ~kMaskBits`, made once.)
inline bool slot_covers(uint64_t slot, uint64_t record) {
  return ((slot ^ record) & (record | ~kMaskBits)) == 0;
}

namespace detail {

inline uint64_t load(const uint64_t &x) { return __atomic_load_n(&x, __ATOMIC_RELAXED); }
inline void store(uint64_t &x, uint64_t v) { __atomic_store_n(&x, v, __ATOMIC_RELAXED); }

constexpr uint64_t kCellLockBit = 1;
inline uint64_t write_context_of(const ShadowCell &cell) {
  return load(cell.write_context) & ~kCellLockBit;
}
// Replaces the write's context, keeping the lock bit as it is.
inline void set_write_context(ShadowCell &cell, uint64_t context) {
  store(cell.write_context, context | (load(cell.write_context) & kCellLockBit));
}
inline void full_fence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
inline ReadSet *as_read_set(uint64_t slot) { return reinterpret_cast<ReadSet *>(slot >> 2); }
inline uint64_t read_set_slot(const ReadSet *set) { return reinterpret_cast<uint64_t>(set) << 2; }

// The read-set cache: while the read slot holds a read set (the cell is then not split), the
// read context word is free, and for a set whose live entries are one thread's it names the
// last plain read recorded there. The thread repeating that read in the same epoch then learns
// from the cell's own cache line that it is recorded, as with an exclusive read, without
// loading the set's line: zstd's and xz's match finders read each word of their window in
// parts in every epoch, a second cache miss per read.
// The word is 0 for a set several threads read (their readers would otherwise take turns
// writing the cell's line, which they only read), kNoSetCache for a one-thread set with nothing
// cached, or a read flipped at bit 63. No context word (a user-space address) has bit 63 set,
// so read_in_place(), which caches without the cell lock by compare-and-swap from a value with
// that bit, can only succeed while the cell is read-shared (and takes it back if the cell
// changed meanwhile). A clock past 2^31 ticks is not cached.
// What it names stays true while it can match: a cached read (X, e, bytes) keeps X's entry
// with those bytes at e until X has moved past e. An entry goes only when a write that it
// happens before tombstones it, and X's current epoch happens before another thread's write
// only once X has released, which ticks its clock; writes recorded while the cell is
// read-shared clear the word, X's own among them. A read of an earlier epoch matches nothing
// X does later.
constexpr uint64_t kSetCacheFlip = uint64_t(1) << 63;
constexpr uint64_t kNoSetCache = kSetCacheFlip;
// The cache word naming the plain read `record`; kNoSetCache for an atomic one (not cached).
inline uint64_t set_cache_word(uint64_t record) {
  return (record & kAtomicBit) ? kNoSetCache : record ^ kSetCacheFlip;
}

// A split cell's write slot: a ByteCells* as it is, or a LanePair* shifted left by two (64-byte
// alignment leaves the mask byte zero then) with kPairTag set and lane 0's bytes at
// kPairMaskShift. User-space addresses have 47 bits, so the shifted pointer ends below bit 49
// and never meets the mask or the tag.
constexpr uint64_t kPairTag = uint64_t(1) << 62;
constexpr unsigned kPairMaskShift = 50;
constexpr uint64_t kPairPointerBits = (uint64_t(1) << kPairMaskShift) - 1;
inline uint64_t pair_slot(const LanePair *pair, uint64_t first_lane) {
  return (reinterpret_cast<uint64_t>(pair) << 2) | kPairTag | (first_lane << kPairMaskShift);
}
// The lane cells a split cell's write slot points to.
struct Lanes {
  ShadowCell *cell;
  unsigned count;       // 2 (a pair) or 8 (bytes)
  uint64_t first_lane;  // a pair's lane 0 bytes (byte 0 among them)
  uint64_t mask(unsigned i) const {
    if (count == 8) return uint64_t(1) << i;
    return i == 0 ? first_lane : first_lane ^ kMaskBits;
  }
  unsigned lane_of_byte(unsigned b) const {
    if (count == 8) return b;
    return (first_lane >> b) & 1 ? 0 : 1;
  }
};
inline Lanes lanes_of(uint64_t slot) {
  if (slot & kPairTag)
    return {reinterpret_cast<LanePair *>((slot & kPairPointerBits) >> 2)->lane, 2,
            (slot >> kPairMaskShift) & kMaskBits};
  return {reinterpret_cast<ByteCells *>(slot)->byte, 8, 0};
}
inline void release_lanes(const Lanes &lanes, CellMemory &mem) {
  if (lanes.count == 2)
    mem.release_lane_pair(reinterpret_cast<LanePair *>(lanes.cell));
  else
    mem.release_byte_cells(reinterpret_cast<ByteCells *>(lanes.cell));
}

// A context word (write_context without the lock bit, read_context) that names one context per
// byte: a ByteContexts* with kByteContextsBit, or a PairContexts* with kPairContextsBit as well.
// Only while the slot holds a record: once the cell is split, read_context is the cache.
constexpr uint64_t kByteContextsBit = 2;
constexpr uint64_t kPairContextsBit = 8;  // (both structures are at least 32-byte aligned)
inline bool is_byte_contexts(uint64_t context_word) { return (context_word & kByteContextsBit) != 0; }
inline bool is_pair_contexts(uint64_t context_word) {
  return (context_word & (kByteContextsBit | kPairContextsBit)) ==
         (kByteContextsBit | kPairContextsBit);
}
inline const ByteContexts *as_byte_contexts(uint64_t context_word) {
  return reinterpret_cast<const ByteContexts *>(context_word & ~uint64_t(63));
}
inline const PairContexts *as_pair_contexts(uint64_t context_word) {
  return reinterpret_cast<const PairContexts *>(context_word & ~uint64_t(31));
}
// The context word naming `array`; 0 for none.
inline uint64_t word_of(const ByteContexts *array) {
  return array ? reinterpret_cast<uint64_t>(array) | kByteContextsBit : 0;
}
inline uint64_t word_of(const PairContexts *array) {
  return array ? reinterpret_cast<uint64_t>(array) | kByteContextsBit | kPairContextsBit : 0;
}
// The context of byte `b` of the record whose context word is `context_word` (cell lock held).
inline uint64_t context_of_byte(uint64_t context_word, unsigned b) {
  if (!is_byte_contexts(context_word)) return context_word;
  if (is_pair_contexts(context_word)) return as_pair_contexts(context_word)->context[b / 2];
  return as_byte_contexts(context_word)->context[b];
}
inline void release_context_word(uint64_t context_word, CellMemory &mem) {
  if (__builtin_expect(!is_byte_contexts(context_word), 1)) return;  // (one test when common)
  if (context_word & kPairContextsBit)
    mem.release_pair_contexts(as_pair_contexts(context_word));
  else
    mem.release_byte_contexts(as_byte_contexts(context_word));
}

// The earlier access of slot record `earlier`, with context word `context_word`, as the current
// access `record` meets it (cell lock held): with contexts per byte, the access that touched the
// first common byte, named by the unbroken run of common bytes reached from the same context
// (as lane cells name it: check_lanes).
inline Conflict conflict_with(uint64_t earlier, uint64_t context_word, uint64_t record,
                              bool is_write) {
  if (!is_byte_contexts(context_word)) return {earlier, context_word, is_write};
  const uint64_t common = earlier & record & kMaskBits;
  unsigned b = __builtin_ctzll(common);
  const uint64_t context = context_of_byte(context_word, b);
  uint64_t mask = 0;
  for (; b < 8 && (common & (uint64_t(1) << b)) && context_of_byte(context_word, b) == context;
       b++)
    mask |= uint64_t(1) << b;
  return {(earlier & ~kMaskBits) | mask, context, is_write};
}

// Two accesses conflict when they touch a common byte, are not both atomic, and the earlier one
// does not happen before the current thread's present (its vector clock). (Always inline: the
// read checked in place asks it in access_slow(), which the compiler otherwise made call it once
// the slow path grew: read_mostly +2.9 % in instructions.)
template <class Now>
__attribute__((always_inline)) inline bool conflicts(uint64_t earlier, uint64_t current,
                                                     const Now &now) {
  if ((earlier & current & kMaskBits) == 0) return false;
  if (earlier & current & kAtomicBit) return false;
  return !now.covers(earlier);
}

// Whether `earlier`, which happens-before orders before `current`, may be a predicted race: the
// two conflict (a common byte, not both atomic), are of different threads, and the forced order
// does not cover `earlier` as it stands (before any confirmation).
__attribute__((always_inline)) inline bool unforced_candidate(uint64_t earlier, uint64_t current,
                                                             const Present &now) {
  return now.forced && now.forced->count != 0 && (earlier & current & kMaskBits) != 0 &&
         !(earlier & current & kAtomicBit) && record_tid(earlier) != record_tid(current) &&
         !now.forced->covers(earlier);
}

// An earlier access that does not conflict with the current one under happens-before but is a
// candidate (above): noted as a predicted race, the first one per access, unless the caller's
// confirmer orders it by rule (a).
inline void note_unforced(uint64_t earlier, uint64_t context_word, uint64_t current,
                          bool earlier_is_write, const Present &now) {
  const Conflict c = conflict_with(earlier, context_word, current, earlier_is_write);
  if (now.confirmer && now.confirmer->confirm(c)) return;
  now.predicted = c;
  now.has_predicted = true;
}

// (The test first, always inlined: a check with no forced order, the common case, pays one load
// here instead of a call per record compared.)
__attribute__((always_inline)) inline void note_if_unforced(uint64_t earlier,
                                                            uint64_t context_word,
                                                            uint64_t current,
                                                            bool earlier_is_write,
                                                            const Present &now) {
  if (!now.forced || now.has_predicted || !unforced_candidate(earlier, current, now)) return;
  note_unforced(earlier, context_word, current, earlier_is_write, now);
}

// Happens-before alone (a check whose present is only a vector clock) predicts nothing: the
// check compiled for it carries none of the prediction's tests.
inline bool unforced_candidate(uint64_t, uint64_t, const VectorClock &) { return false; }
inline void note_if_unforced(uint64_t, uint64_t, uint64_t, bool, const VectorClock &) {}

// Same thread, same epoch, same atomicity and same context (stack, site and locks): the two
// records differ only in the bytes they touched, so one record with both masks says it all.
inline bool same_instant(uint64_t a, uint64_t a_context, uint64_t b, uint64_t b_context) {
  return ((a ^ b) & ~kMaskBits) == 0 && a_context == b_context;
}

// Same thread, same epoch, same atomicity: one record with both masks serves the race check;
// the contexts, if they differ, are kept per byte (merge_contexts).
inline bool same_record(uint64_t a, uint64_t b) { return ((a ^ b) & ~kMaskBits) == 0; }

// The context word of a slot whose record (bytes `old_mask`, context word `old_word`) merges
// with a record of the same thread and epoch for bytes `mask` whose context word is `word` (one
// context, or a read set entry's kept array) (cell lock held). The old word's byte contexts, if
// any and no longer used (the word returned differs), are released by the caller. Pairs of
// bytes with one context each take the pair form; a pair split between two contexts takes the
// byte form, which then stays (a record's bytes are not re-examined to shrink it).
// With `kept_only`, the array is one the memory keeps for good (CellMemory::keep_*_contexts),
// and 0 is returned when it keeps no more.
// (Out of line: its array would make every check that inlines it keep a larger frame.)
__attribute__((noinline)) inline uint64_t merge_differing_contexts(
    uint64_t old_word, uint64_t old_mask, uint64_t word, uint64_t mask, CellMemory &mem,
    bool kept_only = false) {
  const uint64_t merged_mask = old_mask | mask;
  uint64_t merged[8] = {};
  for (unsigned b = 0; b < 8; b++) {
    const uint64_t bit = uint64_t(1) << b;
    if (mask & bit) merged[b] = context_of_byte(word, b);
    else if (old_mask & bit) merged[b] = context_of_byte(old_word, b);
  }
  bool by_pairs = (!is_byte_contexts(old_word) || is_pair_contexts(old_word)) &&
                  (!is_byte_contexts(word) || is_pair_contexts(word));
  for (unsigned p = 0; p < 4 && by_pairs; p++)
    if (((merged_mask >> (2 * p)) & 3) == 3 && merged[2 * p] != merged[2 * p + 1]) by_pairs = false;
  if (by_pairs) {
    PairContexts pairs = {};
    for (unsigned p = 0; p < 4; p++)
      if ((merged_mask >> (2 * p)) & 3)
        pairs.context[p] = (merged_mask >> (2 * p)) & 1 ? merged[2 * p] : merged[2 * p + 1];
    return word_of(kept_only ? mem.keep_pair_contexts(pairs) : mem.share_pair_contexts(pairs));
  }
  ByteContexts bytes = {};
  for (unsigned b = 0; b < 8; b++)
    if (merged_mask & (uint64_t(1) << b)) bytes.context[b] = merged[b];
  return word_of(kept_only ? mem.keep_byte_contexts(bytes) : mem.share_byte_contexts(bytes));
}
inline uint64_t merge_contexts(uint64_t old_word, uint64_t old_mask, uint64_t context,
                               uint64_t mask, CellMemory &mem) {
  if ((old_mask & ~mask) == 0 || old_word == context) return context;
  return merge_differing_contexts(old_word, old_mask, context, mask, mem);
}

// Empties the exclusive read slot (cell lock held).
inline void drop_read(ShadowCell &cell, CellMemory &mem) {
  const uint64_t word = load(cell.read_context);
  store(cell.read, 0);
  store(cell.read_context, 0);
  release_context_word(word, mem);
}

// A plain access conflicts with more than an atomic one, so an atomic record must never take
// the place of a plain record of the same bytes: the plain one would be forgotten.
inline bool atomic_over_plain(uint64_t old_record, uint64_t new_record) {
  return (new_record & kAtomicBit) && !(old_record & kAtomicBit);
}

// The same thread's plain record of the same epoch that covers these bytes already says all an
// atomic access of them would: keep it.
inline bool plain_subsumes(uint64_t old_record, uint64_t new_record) {
  return atomic_over_plain(old_record, new_record) &&
         (old_record & ~(kMaskBits | kAtomicBit)) == (new_record & ~(kMaskBits | kAtomicBit)) &&
         (new_record & kMaskBits & ~old_record) == 0;
}

inline uint64_t restrict_to(uint64_t record, uint64_t mask) {
  return (record & ~kMaskBits) | (record & mask);
}

// The thread's own entries other than `kept` lose the bytes of `record`, this thread's newer
// read of them, recorded in entry `kept`: a thread's entries stay a partition of the bytes it
// read, so they never outnumber the bytes. (The newer read conflicts with whatever the older
// one did on those bytes.) The record is stored before, so a writer scanning meanwhile meets one
// of the two; a writer's tombstone expecting the old value simply fails.
// Entries below `from` are known to hold none of the thread's.
inline void shrink_superseded(ReadSet *set, uint32_t n, uint32_t kept, uint64_t record,
                              uint32_t from = 0) {
  const uint64_t mask = record & kMaskBits;
  for (uint32_t i = from; i < n; i++) {
    const uint64_t e = load(set->entries[i].record);
    if (i == kept || (e & mask) == 0 || record_tid(e) != record_tid(record) ||
        record_clock(e) > record_clock(record) || atomic_over_plain(e, record))
      continue;
    store(set->entries[i].record, e & ~mask);
  }
}

// This thread's entry in `set` that can take `record` without losing another byte's read,
// updated: returns the entry's record now (which covers `record`), or 0 if there is none. An
// entry belongs to its thread for the set's life (a covered read leaves a tombstone: its record
// with an empty mask), so only that thread writes it and the update itself needs no lock.
inline uint64_t update_own_entry(ReadSet *set, uint64_t record, uint64_t context) {
  const uint64_t mask = record & kMaskBits;
  const uint32_t n = entries_in_use(set);
  // The thread's other entries are shrunk from the first one met (usually it has one entry,
  // the one updated, and the entries before it are other threads').
  uint32_t first_own = n;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t e = load(set->entries[i].record);
    if (e == 0 || record_tid(e) != record_tid(record)) continue;
    if (plain_subsumes(e, record)) return e;
    const uint32_t shrink_from = first_own < i ? first_own : i + 1;
    if (first_own == n) first_own = i;
    if (atomic_over_plain(e, record)) continue;  // keep the plain entry; append this one
    uint64_t e_context = load(set->entries[i].context);
    if ((e & kMaskBits) != 0 && same_instant(e, e_context, record, context)) {
      store(set->entries[i].record, e | mask);
      shrink_superseded(set, n, i, record, shrink_from);
      return e | mask;
    }
    if ((e & kMaskBits & ~mask) == 0) {
      store(set->entries[i].context, context);
      store(set->entries[i].record, record);
      // The same bytes read again (the common case: a table read once per section): the
      // thread's other entries hold none of them, its entries being a partition of its bytes.
      // (An atomic read's entry beside a plain one of the same bytes stays: older than this
      // entry and after it in the set, it can add no race this one does not find first.)
      if (mask != (e & kMaskBits)) shrink_superseded(set, n, i, record, shrink_from);
      return record;
    }
  }
  return 0;
}

// The context word `word` (one context, or an array the cell owns) as a read set's entry may
// name it: the same context, or the array the memory keeps for good with the same contents; 0
// when it keeps no more.
inline uint64_t entry_context_word(uint64_t word, CellMemory &mem) {
  if (!is_byte_contexts(word)) return word;
  if (is_pair_contexts(word)) return word_of(mem.keep_pair_contexts(*as_pair_contexts(word)));
  return word_of(mem.keep_byte_contexts(*as_byte_contexts(word)));
}

// This thread's entry `entry` (record `e`) takes the bytes of `other`, a record of the same
// epoch and atomicity whose context word is `other_word`, naming the contexts of both through
// an array the memory keeps for good, as a slot's record merges its bytes (merge_contexts): an
// entry's context word is copied, never released. Cell lock held. False when the memory keeps
// no more arrays.
inline bool absorb_into_entry(ReadSetEntry &entry, uint64_t e, uint64_t other,
                              uint64_t other_word, CellMemory &mem) {
  const uint64_t word = merge_differing_contexts(load(entry.context), e & kMaskBits, other_word,
                                                 other & kMaskBits, mem, /*kept_only=*/true);
  if (word == 0) return false;
  // Only this thread writes its entry, and it holds the cell lock: no writer reads the word.
  store(entry.context, word);
  store(entry.record, e | other);
  return true;
}

// A full set about to grow, by this thread's read `record` (cell lock held): first the read
// joins this thread's entry of its epoch, or two of this thread's entries of one earlier epoch
// (read from different sites) become one and the freed entry takes the read, as a slot's
// record keeps one epoch's bytes in one record. Byte buffers read at several offsets in each
// epoch otherwise leave one entry per site (xz and zstd: 85 % of the sets that grew held three
// records or fewer). Only when the set is full: folding looks arrays up in the memory's table,
// which costs more than appending (merging every such read, xz merged 8.4 M times and took
// 1.10x the CPU time; it grew 0.46 M sets).
// Other threads' entries are theirs to update without the lock, so they are left as they are.
// True when the read is recorded.
inline bool fold_own_entries(ReadSet *set, uint64_t record, uint64_t context, CellMemory &mem) {
  const uint32_t n = set->capacity;
  for (uint32_t i = 0; i < n; i++) {
    const uint64_t e = load(set->entries[i].record);
    if ((e & kMaskBits) == 0 || !same_record(e, record)) continue;
    // (update_own_entry() found the entry's bytes reaching beyond the read's, from another site.)
    if (!absorb_into_entry(set->entries[i], e, record, context, mem)) return false;
    shrink_superseded(set, n, i, record);
    return true;
  }
  for (uint32_t i = 0; i < n; i++) {
    const uint64_t e = load(set->entries[i].record);
    if ((e & kMaskBits) == 0 || record_tid(e) != record_tid(record)) continue;
    for (uint32_t j = i + 1; j < n; j++) {
      const uint64_t f = load(set->entries[j].record);
      if ((f & kMaskBits) == 0 || !same_record(e, f)) continue;
      // (A thread's entries hold disjoint bytes.)
      if (!absorb_into_entry(set->entries[i], e, f, load(set->entries[j].context), mem))
        return false;
      store(set->entries[j].record, f & ~kMaskBits);  // a tombstone this thread takes again
      return update_own_entry(set, record, context) != 0;
    }
  }
  return false;
}

// Records this thread's read in the read set in `slot` (cell lock held): updates its own entry
// when that loses nothing, otherwise appends, so a reader of other bytes stays known. Returns the
// record of the entry that holds the read now.
inline uint64_t record_in_set(ShadowCell &cell, uint64_t slot, uint64_t record, uint64_t context,
                              CellMemory &mem) {
  ReadSet *set = as_read_set(slot);
  if (const uint64_t entry = update_own_entry(set, record, context)) return entry;
  uint32_t idx = __atomic_fetch_add(&set->count, 1, __ATOMIC_ACQ_REL);
  if (idx < set->capacity) {
    store(set->entries[idx].context, context);
    store(set->entries[idx].record, record);
    shrink_superseded(set, idx, idx, record);
    return record;
  }
  __atomic_store_n(&set->count, set->capacity, __ATOMIC_RELEASE);
  if (fold_own_entries(set, record, context, mem)) return record;
  // Full: move to a new set without the emptied entries. Detach the old one first, so a reader
  // updating its entry in place right now notices and retries under the lock instead of being
  // lost. The old set is retired, not freed: such a reader may still be reading it.
  store(cell.read, 0);
  full_fence();
  // Twice the size, however many entries are empty now: a reader updating its own entry in
  // place may still revive a tombstone while they are copied, so only the whole old set plus
  // this read is sure to fit.
  ReadSet *bigger = mem.allocate_read_set(set->capacity * 2);
  uint32_t m = 0;
  for (uint32_t i = 0; i < set->capacity; i++) {
    const uint64_t e = load(set->entries[i].record);
    if (!(e & kMaskBits)) continue;
    bigger->entries[m].record = e;
    bigger->entries[m].context = load(set->entries[i].context);
    m++;
  }
  bigger->entries[m].record = record;
  bigger->entries[m].context = context;
  shrink_superseded(bigger, m, m, record);
  __atomic_store_n(&bigger->count, m + 1, __ATOMIC_RELEASE);
  __atomic_store_n(&cell.read, read_set_slot(bigger), __ATOMIC_RELEASE);
  mem.retire_read_set(set);
  return record;
}

// True when every live entry of `set` is thread `tid`'s.
inline bool only_reader(const ReadSet *set, Tid tid) {
  const uint32_t n = entries_in_use(set);
  for (uint32_t i = 0; i < n; i++) {
    const uint64_t e = load(set->entries[i].record);
    if ((e & kMaskBits) && record_tid(e) != tid) return false;
  }
  return true;
}

// Adds this thread's read to the read set in `slot` (cell lock held), and names it in the
// read-set cache if the set is this thread's alone.
inline void add_reader(ShadowCell &cell, uint64_t slot, uint64_t record, uint64_t context,
                       CellMemory &mem) {
  const uint64_t entry = record_in_set(cell, slot, record, context, mem);
  const bool one_thread = only_reader(as_read_set(load(cell.read)), record_tid(record));
  store(cell.read_context, one_thread ? set_cache_word(entry) : 0);
}

// Would recording the write `record` in the whole-granule write slot forget the write `w` of
// other bytes? (A read never splits the granule: check_cell keeps a read it would forget beside
// it in a read set, see read_would_forget.) A settled write may be forgotten.
inline bool write_loses_bytes(uint64_t w, uint64_t record, const CellMemory &mem) {
  return w != 0 && (w & ~record & kMaskBits) != 0 && !plain_subsumes(w, record) &&
         !same_record(w, record) && !mem.settled(w);
}

// Would recording the read `record` as the exclusive read forget the read `r` of other bytes?
// (Same thread, or ordered after `r`; concurrent reads are kept anyway.)
inline bool read_would_forget(uint64_t r, uint64_t record) {
  return (r & kMaskBits & ~record) != 0 && !same_record(r, record);
}

// The context word for the bytes `mask` of a record whose context word is `word`, to be kept by
// a lane cell: one context if they share it, else their byte contexts alone.
inline uint64_t lane_context_word(uint64_t word, uint64_t mask, CellMemory &mem) {
  if (!is_byte_contexts(word)) return word;
  const uint64_t first = context_of_byte(word, __builtin_ctzll(mask));
  bool shared = true;
  for (unsigned b = 0; b < 8; b++)
    if ((mask & (uint64_t(1) << b)) && context_of_byte(word, b) != first) shared = false;
  if (shared) return first;
  ByteContexts lane = {};
  for (unsigned b = 0; b < 8; b++)
    if (mask & (uint64_t(1) << b)) lane.context[b] = context_of_byte(word, b);
  return word_of(mem.share_byte_contexts(lane));
}

// True when entry `k` of a read set read bytes of `lane` and its thread did not read them again
// in a later epoch (a later read of the same thread supersedes it there).
inline bool lane_reader_kept(const ReadSet *set, uint32_t n, uint32_t k, uint64_t lane) {
  const uint64_t e = load(set->entries[k].record);
  if (!(e & lane)) return false;
  for (uint32_t j = 0; j < n; j++) {
    const uint64_t other = load(set->entries[j].record);
    if (j != k && (other & lane & e) == (e & lane) && record_tid(other) == record_tid(e) &&
        record_clock(other) > record_clock(e) && !atomic_over_plain(e, other))
      return false;
  }
  return true;
}

// Gives the empty lane cell `c` the part of a history (a write `w` with context word
// `w_context`, a read slot `r` with `r_context`) that touched the bytes `lane`.
inline void fill_lane(ShadowCell &c, uint64_t lane, uint64_t w, uint64_t w_context, uint64_t r,
                      uint64_t r_context, CellMemory &mem) {
  if (w & lane) c = {restrict_to(w, lane), lane_context_word(w_context, w & lane, mem), 0, 0};
  if (r != 0 && !is_pointer(r) && (r & lane)) {
    c.read = restrict_to(r, lane);
    c.read_context = lane_context_word(r_context, r & lane, mem);
    return;
  }
  if (!is_pointer(r)) return;
  const ReadSet *set = as_read_set(r);
  const uint32_t n = entries_in_use(set);
  // The lane's readers: an entry whose thread read the lane again later is superseded (a set
  // holds one thread's reads of different bytes in different epochs). A lane left with one
  // reader needs no set of its own.
  // Entries are read as they are now: a detached set's owner may still update its entry in
  // place (it then redoes its read under the lock), so each value is read once and the lane set
  // has room for all `n`.
  uint32_t kept = 0;
  uint64_t last_record = 0, last_context = 0;
  for (uint32_t k = 0; k < n; k++) {
    const uint64_t e_context = load(set->entries[k].context);
    const uint64_t e = load(set->entries[k].record);
    if (!lane_reader_kept(set, n, k, lane)) continue;
    kept++;
    last_record = e;
    last_context = e_context;
  }
  if (kept == 1 && (last_record & lane) != 0) {
    c.read = restrict_to(last_record, lane);
    c.read_context = last_context;
  } else if (kept >= 1) {
    ReadSet *lane_set = mem.allocate_read_set(n);
    for (uint32_t k = 0; k < n && lane_set->count < lane_set->capacity; k++)
      if (lane_reader_kept(set, n, k, lane))
        lane_set->entries[lane_set->count++] = {restrict_to(load(set->entries[k].record), lane),
                                                load(set->entries[k].context)};
    c.read = read_set_slot(lane_set);
  }
}

// Releases what a history's slots named once lane cells hold it: its context words, and its
// read set, retired (its readers may still be at it, as in add_reader).
inline void release_history(uint64_t w_context, uint64_t r, uint64_t r_context, CellMemory &mem) {
  release_context_word(w_context, mem);
  if (!is_pointer(r))
    release_context_word(r_context, mem);
  else
    mem.retire_read_set(as_read_set(r));
}

// True when `mask` touches each 4-byte half wholly or not at all.
inline bool half_aligned(uint64_t mask) {
  const uint64_t low = mask & 0x0f, high = mask & 0xf0;
  return (low == 0 || low == 0x0f) && (high == 0 || high == 0xf0);
}

// True when the granule's history and the access `record` all cover whole halves.
inline bool history_half_aligned(uint64_t w, uint64_t r, uint64_t record) {
  if (!half_aligned(record) || (w != 0 && !half_aligned(w))) return false;
  if (!is_pointer(r)) return r == 0 || half_aligned(r);
  const ReadSet *set = as_read_set(r);
  const uint32_t n = entries_in_use(set);
  for (uint32_t i = 0; i < n; i++)
    if (!half_aligned(load(set->entries[i].record))) return false;
  return true;
}

// Moves a granule's history into lane cells and installs them in the write slot (cell lock
// held): a lane pair, the bytes of the write `record` one lane and the others the other, when
// every access covered whole 4-byte halves (arrays of 4-byte values) or the write's thread
// wrote the word before (a byte stored into a word written in an earlier epoch); byte lanes
// otherwise. Bytes written by different threads (flags, bit fields) soon need more than two
// lanes: counted on the real programs, every such pair moved to byte lanes.
inline Lanes split_into_lanes(ShadowCell &cell, uint64_t w, uint64_t record, CellMemory &mem) {
  const uint64_t w_context = write_context_of(cell);
  const uint64_t r = load(cell.read);
  const uint64_t r_context = load(cell.read_context);
  uint64_t slot;
  if (record_tid(w) == record_tid(record) || history_half_aligned(w, r, record)) {
    uint64_t first_lane = record & kMaskBits;
    if (!(first_lane & 1)) first_lane ^= kMaskBits;
    slot = pair_slot(mem.allocate_lane_pair(), first_lane);
  } else {
    slot = reinterpret_cast<uint64_t>(mem.allocate_byte_cells());
  }
  const Lanes lanes = lanes_of(slot);
  // Detach the read slot before copying it: see the thread-safety note at the top.
  store(cell.read, 0);
  store(cell.read_context, 0);
  full_fence();
  for (unsigned i = 0; i < lanes.count; i++)
    fill_lane(lanes.cell[i], lanes.mask(i), w, w_context, r, r_context, mem);
  // Under the cell lock nobody else changes the write slot.
  __atomic_store_n(&cell.write, slot, __ATOMIC_RELEASE);
  // The lane cells hold the contexts now (nobody reads a context word without the lock).
  set_write_context(cell, 0);
  release_history(w_context, r, r_context, mem);
  return lanes;
}

// True when the write `record` would overwrite the record of other bytes in a lane of `pair`.
inline bool write_loses_bytes_in(const Lanes &pair, uint64_t record, const CellMemory &mem) {
  for (unsigned i = 0; i < pair.count; i++)
    if ((record & pair.mask(i)) &&
        write_loses_bytes(load(pair.cell[i].write), restrict_to(record, pair.mask(i)), mem))
      return true;
  return false;
}

// Moves the history of a granule split in a lane pair into byte lanes, and installs them in the
// write slot (cell lock held): a third record of the granule's bytes. The pair is retired: the
// slow path's already_recorded_in_bytes() reads lanes without the lock.
inline Lanes pair_into_bytes(ShadowCell &cell, const Lanes &pair, CellMemory &mem) {
  const uint64_t slot = reinterpret_cast<uint64_t>(mem.allocate_byte_cells());
  const Lanes bytes = lanes_of(slot);
  for (unsigned i = 0; i < pair.count; i++) {
    const ShadowCell &from = pair.cell[i];
    const uint64_t w = load(from.write), w_context = write_context_of(from);
    const uint64_t r = load(from.read), r_context = load(from.read_context);
    for (unsigned b = 0; b < bytes.count; b++)
      if (pair.mask(i) & bytes.mask(b))
        fill_lane(bytes.cell[b], bytes.mask(b), w, w_context, r, r_context, mem);
    release_history(w_context, r, r_context, mem);
  }
  __atomic_store_n(&cell.write, slot, __ATOMIC_RELEASE);
  mem.retire_lane_pair(reinterpret_cast<LanePair *>(pair.cell));
  return bytes;
}

// The FastTrack check on one cell whose slots hold whole-granule records (or a read set).
template <class Now>
inline bool check_cell(ShadowCell &cell, uint64_t w, uint64_t record, uint64_t context,
                       bool is_write, const Now &now, CellMemory &mem, Conflict *conflict) {
  bool found = false;
  const uint64_t mask = record & kMaskBits;

  if (w != 0 && conflicts(w, record, now)) {
    *conflict = conflict_with(w, write_context_of(cell), record, true);
    found = true;
  } else if (w != 0) {
    note_if_unforced(w, write_context_of(cell), record, true, now);
  }

  if (is_write) {
    // Under the cell lock the read slot cannot change kind; only a read set has readers that
    // update it without the lock, and for them the write is published before they are looked
    // at (the handshake with read_in_place).
    const uint64_t r = load(cell.read);
    if (w != 0 && plain_subsumes(w, record)) {
      // Keep the plain write; readers still get checked below.
    } else {
      const uint64_t old_word = write_context_of(cell);
      const bool merge = w != 0 && same_record(w, record);
      const uint64_t word =
          merge ? merge_contexts(old_word, w & kMaskBits, context, mask, mem) : context;
      set_write_context(cell, word);
      store(cell.write, merge ? record | (w & kMaskBits) : record);
      if (word != old_word) release_context_word(old_word, mem);
    }
    if (is_pointer(r)) {
      store(cell.read_context, 0);  // the write may tombstone the cached read's entry
      full_fence();
      ReadSet *set = as_read_set(r);
      const uint32_t n = entries_in_use(set);
      Tid reader = kMaxTid + 1;  // the one thread whose entries are live, if there is one
      bool several = false;
      for (uint32_t i = 0; i < n; i++) {
        uint64_t e = load(set->entries[i].record);
        if ((e & kMaskBits) == 0) continue;
        several |= reader != kMaxTid + 1 && record_tid(e) != reader;
        reader = record_tid(e);
        if (conflicts(e, record, now)) {
          if (!found) {
            *conflict = conflict_with(e, load(set->entries[i].context), record, false);
            found = true;
          }
          continue;
        }
        note_if_unforced(e, load(set->entries[i].context), record, false, now);
        if ((e & kMaskBits & ~mask) == 0) {
          // Happened before this write and within its bytes: later accesses need only compare
          // to the write. Tombstone it, unless its thread has just updated it.
          __atomic_compare_exchange_n(&set->entries[i].record, &e, e & ~kMaskBits, false,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED);
        }
      }
      // A one-thread set's reader may cache its reads in place again; other sets' readers may not.
      store(cell.read_context, several ? 0 : kNoSetCache);
    } else if (r != 0) {
      if (conflicts(r, record, now)) {
        if (!found) {
          *conflict = conflict_with(r, load(cell.read_context), record, false);
          found = true;
        }
      } else {
        note_if_unforced(r, load(cell.read_context), record, false, now);
        if ((r & kMaskBits & ~mask) == 0) drop_read(cell, mem);
      }
    }
    return found;
  }

  // A read.
  const uint64_t r = load(cell.read);
  if (is_pointer(r)) {
    add_reader(cell, r, record, context, mem);
  } else if (r != 0 && plain_subsumes(r, record)) {
    // This thread's plain read of these bytes in this epoch already says it all.
  } else if (r == 0 ||
             ((record_tid(r) == record_tid(record) || now.covers(r)) &&
              !atomic_over_plain(r, record) && !read_would_forget(r, record)) ||
             mem.settled(r)) {
    // Exclusive reader: same thread or ordered after the previous read (or a settled one).
    const uint64_t old_word = load(cell.read_context);
    const bool merge = r != 0 && same_record(r, record);
    const uint64_t word =
        merge ? merge_contexts(old_word, r & kMaskBits, context, mask, mem) : context;
    store(cell.read_context, word);
    store(cell.read, merge ? record | (r & kMaskBits) : record);
    if (word != old_word) release_context_word(old_word, mem);
  } else {
    // Concurrent readers, an atomic read that must not replace this thread's plain one, or a
    // read of some of the bytes that must not forget the previous read of the others: switch to
    // read-shared mode with both (the previous read one entry, naming the memory's kept copy of
    // its contexts per byte if it has them, or one entry per context when the memory keeps no
    // more). Concurrent readers get room for more of their kind at once; the others mostly stay
    // at two or three entries.
    const uint64_t old_word = load(cell.read_context);
    // A read ordered after the previous one (or of the same thread) supersedes it on the bytes
    // it reads: only the previous read's other bytes need entries then.
    const bool concurrent = record_tid(r) != record_tid(record) && !now.covers(r);
    const bool supersedes = !concurrent && !atomic_over_plain(r, record);
    ReadSetEntry entries[9];
    uint32_t n = 0;
    uint64_t left = r & kMaskBits & (supersedes ? ~mask : kMaskBits);
    const uint64_t kept_word = left ? entry_context_word(old_word, mem) : 0;
    if (kept_word) {
      entries[n++] = {restrict_to(r, left), kept_word};
      left = 0;
    }
    while (left) {
      const uint64_t byte_context = context_of_byte(old_word, __builtin_ctzll(left));
      uint64_t mask_of_context = 0;
      for (unsigned b = 0; b < 8; b++)
        if ((left & (uint64_t(1) << b)) && context_of_byte(old_word, b) == byte_context)
          mask_of_context |= uint64_t(1) << b;
      entries[n++] = {restrict_to(r, mask_of_context), byte_context};
      left &= ~mask_of_context;
    }
    entries[n++] = {record, context};
    ReadSet *set = mem.allocate_read_set(concurrent && n < 9 ? 9 : n);
    for (uint32_t i = 0; i < n; i++) set->entries[i] = entries[i];
    __atomic_store_n(&set->count, n, __ATOMIC_RELEASE);
    uint64_t expected = r;
    if (__atomic_compare_exchange_n(&cell.read, &expected, read_set_slot(set), false,
                                    __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
      store(cell.read_context, record_tid(r) == record_tid(record) ? set_cache_word(record) : 0);
      release_context_word(old_word, mem);
    } else {
      // The slot changed under the cell lock: the memory was handed out anew meanwhile (the
      // runtime's shadow_reset() clears without the lock only a cell that names no overflow
      // structure: `old_word` is then one context, with nothing to release). Nobody saw the
      // set: it goes back, and the read, of memory that is no longer what it read, is recorded
      // only if a set is there now.
      mem.release_read_set(set);
      if (is_pointer(expected)) add_reader(cell, expected, record, context, mem);
    }
  }
  return found;
}

// The first byte the record `earlier` shares with the bytes `accessed` (8 for none).
inline unsigned first_common_byte(uint64_t earlier, uint64_t accessed) {
  const uint64_t common = earlier & accessed & kMaskBits;
  return common ? unsigned(__builtin_ctzll(common)) : 8;
}

// The bytes of `mask` around the first one it shares with `accessed` (its first byte if none)
// that form one unbroken run: what a report names as the earlier access's offset and size.
inline uint64_t run_around_first_common(uint64_t mask, uint64_t accessed) {
  const uint64_t common = mask & accessed;
  const unsigned first = __builtin_ctzll(common ? common : mask);
  unsigned low = first, high = first;
  while (low > 0 && (mask >> (low - 1)) & 1) low--;
  while (high < 7 && (mask >> (high + 1)) & 1) high++;
  return ((uint64_t(2) << high) - 1) & ~((uint64_t(1) << low) - 1);
}

// The bytes of the earlier access `earlier` that lane cells the current access left untouched
// still hold: their slot of its kind keeps the same record, with the same one context. A report
// then names the whole earlier access, as an unsplit cell names a record with one context: a
// 4-byte write is not "size 1" because a neighbouring byte was written since. (A slot with
// contexts per byte held several accesses: as in an unsplit cell, only the bytes common with
// the current access are named.) Cell lock held: context words are read.
inline uint64_t bytes_kept_in_lanes(const Lanes &lanes, const Conflict &earlier) {
  uint64_t mask = 0;
  for (unsigned i = 0; i < lanes.count; i++) {
    const ShadowCell &c = lanes.cell[i];
    const uint64_t slot = earlier.is_write ? load(c.write) : load(c.read);
    const uint64_t word = earlier.is_write ? write_context_of(c) : load(c.read_context);
    if (!is_pointer(slot) && same_record(slot, earlier.record) && word == earlier.context)
      mask |= slot & lanes.mask(i);
  }
  return mask;
}

// The check on a split cell: each lane the access touches, as a cell of its own. The conflict
// reported is the one at the lowest byte the access shares with an earlier one; the same
// earlier access seen through other lanes, or kept in lanes this access did not touch, adds the
// bytes it has there, as far as they make one unbroken run with them, since a report gives an
// offset and a size.
template <class Now>
inline bool check_lanes(const Lanes &lanes, uint64_t record, uint64_t context, bool is_write,
                        const Now &now, CellMemory &mem, Conflict *conflict) {
  const uint64_t accessed = record & kMaskBits;
  bool found = false;
  for (unsigned i = 0; i < lanes.count; i++) {
    const uint64_t lane = lanes.mask(i);
    if (!(record & lane)) continue;
    ShadowCell &c = lanes.cell[i];
    Conflict here;
    if (!check_cell(c, load(c.write), restrict_to(record, lane), context, is_write, now, mem, &here))
      continue;
    if (!found) {
      *conflict = here;
      found = true;
    } else if (same_record(here.record, conflict->record) && here.context == conflict->context &&
               here.is_write == conflict->is_write) {
      conflict->record |= here.record & kMaskBits;
    } else if (first_common_byte(here.record, accessed) <
               first_common_byte(conflict->record, accessed)) {
      *conflict = here;
    }
  }
  if (found) {
    const uint64_t bytes = (conflict->record | bytes_kept_in_lanes(lanes, *conflict)) & kMaskBits;
    conflict->record = (conflict->record & ~kMaskBits) | run_around_first_common(bytes, accessed);
  }
  return found;
}

// The split-cell cache (cell lock held): `record` was just recorded in the bytes. A cache slot
// holds one thread's records of one epoch, their byte masks merged (a loop over two fields of the
// word keeps hitting it); a record of another thread, epoch or atomicity replaces it. So a
// thread whose record another thread's access has followed must record its next access again
// (as the whole-granule slots would make it), and a third thread ordered after the second still
// meets it. A write also stands for a read of the same bytes: reading what this thread wrote in
// this epoch adds nothing. A read by another recorder drops the write slot.
inline uint64_t merge_cached(uint64_t cached, uint64_t record) {
  return (cached & ~kMaskBits) == (record & ~kMaskBits) ? cached | record : record;
}
inline void note_recorded_in_bytes(ShadowCell &cell, uint64_t record, bool is_write) {
  const uint64_t written = load(cell.read_context);
  if (is_write)
    store(cell.read_context, merge_cached(written, record));
  else if ((written & ~kMaskBits) != (record & ~kMaskBits))
    store(cell.read_context, 0);
  store(cell.read, merge_cached(load(cell.read), record));
}

}  // namespace detail

// The cell's lock, for callers of check_and_record(). `relax` is called while waiting (pause,
// then yield). Spurious contention is impossible: the bit guards this one cell.
template <class Relax>
inline void lock_cell(ShadowCell &cell, Relax relax) {
  using namespace detail;
  for (unsigned attempt = 0;; attempt++) {
    uint64_t c = load(cell.write_context);
    if (!(c & kCellLockBit) &&
        __atomic_compare_exchange_n(&cell.write_context, &c, c | kCellLockBit, false,
                                    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    relax(attempt);
  }
}
inline void unlock_cell(ShadowCell &cell) {
  // Only the holder writes the word while the bit is set: a plain release store suffices.
  __atomic_store_n(&cell.write_context, detail::load(cell.write_context) & ~detail::kCellLockBit,
                   __ATOMIC_RELEASE);
}

// Checks the access `record` (made by the thread whose present is `now`: a Present, or its
// VectorClock alone to predict nothing) against the cell and records it. `context` must be
// 8-byte aligned (bit 0 of a stored context is the lock). Returns true and fills `conflict` with
// the first conflicting earlier access.
template <class Now>
inline bool check_and_record(ShadowCell &cell, uint64_t record, uint64_t context, bool is_write,
                             const Now &now, CellMemory &mem, Conflict *conflict) {
  using namespace detail;
  const uint64_t w = load(cell.write);
  bool found;
  if (is_pointer(w)) {
    Lanes lanes = lanes_of(w);
    if (is_write && lanes.count == 2 && write_loses_bytes_in(lanes, record, mem))
      lanes = pair_into_bytes(cell, lanes, mem);
    found = check_lanes(lanes, record, context, is_write, now, mem, conflict);
  } else if (is_write && write_loses_bytes(w, record, mem)) {
    const Lanes lanes = split_into_lanes(cell, w, record, mem);
    if (w != 0) note_recorded_in_bytes(cell, w, /*is_write=*/true);  // now kept in the lanes
    found = check_lanes(lanes, record, context, is_write, now, mem, conflict);
  } else {
    return check_cell(cell, w, record, context, is_write, now, mem, conflict);
  }
  note_recorded_in_bytes(cell, record, is_write);
  return found;
}

// A read of a read-shared cell by a thread that already owns an entry in its read set, done
// without the cell lock (see the thread-safety note at the top). Returns false when the cell is
// in any other state, or changes state meanwhile: the caller then uses check_and_record() under
// the lock. On true, `*found` says whether `conflict` was filled.
// (Always inlined: each of the runtime's two checks of a read starts with it.)
template <class Now>
__attribute__((always_inline)) inline bool read_in_place(ShadowCell &cell, uint64_t record,
                                                        uint64_t context, const Now &now,
                                                        bool *found, Conflict *conflict) {
  using namespace detail;
  const uint64_t r = load(cell.read);
  if (!is_pointer(r) || is_pointer(load(cell.write))) return false;
  const uint64_t entry = update_own_entry(as_read_set(r), record, context);
  if (!entry) return false;
  // The read-set cache, without the lock (see kSetCacheFlip): only for a one-thread set (the
  // word is empty or names this thread), and taken back if the cell changed state meanwhile.
  uint64_t cached = load(cell.read_context);
  const uint64_t mine = set_cache_word(entry);
  const bool cache = (cached & mine & kSetCacheFlip) && cached != mine &&
                     (cached == kNoSetCache ||
                      record_tid(cached ^ kSetCacheFlip) == record_tid(record)) &&
                     __atomic_compare_exchange_n(&cell.read_context, &cached, mine, false,
                                                 __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  full_fence();
  const uint64_t w = load(cell.write);
  if (load(cell.read) != r || is_pointer(w)) {
    // Detached or split meanwhile: redo under the lock. Until then the word named only this
    // thread's read, which no other thread's access matches.
    uint64_t expected = mine;
    if (cache)
      __atomic_compare_exchange_n(&cell.read_context, &expected, 0, false, __ATOMIC_RELAXED,
                                  __ATOMIC_RELAXED);
    return false;
  }
  *found = w != 0 && conflicts(w, record, now);
  // A write only happens-before orders is judged under the lock, where its context may be read.
  if (!*found && w != 0 && unforced_candidate(w, record, now)) return false;
  // The context word as it is: byte contexts may only be read under the lock, and the caller
  // reads the write again under it to report.
  if (*found) *conflict = {w, write_context_of(cell), true};
  return true;
}

// True when the thread already recorded this access in its current epoch, so checking again
// can find nothing new. The access fast path's test, for split cells.
inline bool already_recorded_in_bytes(const ShadowCell &cell, uint64_t record, bool is_write) {
  using namespace detail;
  // The split-cell cache first: one cache line instead of up to eight byte cells.
  if (slot_covers(load(is_write ? cell.read_context : cell.read), record)) return true;
  const Lanes lanes = lanes_of(load(cell.write));
  for (unsigned i = 0; i < lanes.count; i++) {
    const uint64_t lane = lanes.mask(i);
    if (!(record & lane)) continue;
    const uint64_t mine = restrict_to(record, lane);
    const ShadowCell &c = lanes.cell[i];
    const uint64_t w = load(c.write);
    // A read of what this thread wrote in this epoch adds nothing either.
    if (!slot_covers(w, is_write ? mine : mine & ~kAtomicBit) &&
        (is_write || !slot_covers(load(c.read), mine)))
      return false;
  }
  return true;
}

// True when one of the first seven entries of the read set in `slot` (all of a one- or two-line
// set: readers of memory several threads read sit there) holds `record`: the access fast path's
// test, unrolled, so it needs few registers. A longer set's other entries are searched by the
// slow path. Entries beyond the count are zero or emptied, and those cover nothing; entries
// beyond the capacity are another structure's and are never read.
constexpr uint32_t kReadSetEntriesOnFastPath = 7;
// True when the read-set cache says this thread recorded this plain read in its current epoch
// (only while the read slot holds a read set and the cell is not split: the word means
// something else otherwise).
__attribute__((always_inline)) inline bool read_set_cache_holds(const ShadowCell &cell,
                                                                uint64_t record) {
  return slot_covers(detail::load(cell.read_context) ^ detail::kSetCacheFlip, record);
}
__attribute__((always_inline)) inline bool read_set_line_holds(uint64_t slot, uint64_t record) {
  using namespace detail;
  const ReadSet *set = as_read_set(slot);
  static_assert(read_set_capacity_for(64) == 3 &&
                    read_set_capacity_for(128) == kReadSetEntriesOnFastPath,
                "one line holds 3 entries, two lines 7");
  if (slot_covers(load(set->entries[0].record), record) ||
      slot_covers(load(set->entries[1].record), record) ||
      slot_covers(load(set->entries[2].record), record))
    return true;
  if (set->capacity <= 3) return false;
  return slot_covers(load(set->entries[3].record), record) ||
         slot_covers(load(set->entries[4].record), record) ||
         slot_covers(load(set->entries[5].record), record) ||
         slot_covers(load(set->entries[6].record), record);
}

// True when the cell's read slot is a read set one of whose entries beyond those
// read_set_line_holds() reads already holds `record` (this thread read at least these bytes in
// this epoch): its rest, for the slow path. Only the reading thread writes its own entry, so what the fast path found missing is
// still missing.
inline bool read_set_holds_beyond_fast_path(const ShadowCell &cell, uint64_t record) {
  using namespace detail;
  const uint64_t slot = load(cell.read);
  if (!is_pointer(slot)) return false;
  const ReadSet *set = as_read_set(slot);
  const uint32_t n = entries_in_use(set);
  for (uint32_t i = kReadSetEntriesOnFastPath; i < n; i++)
    if (slot_covers(load(set->entries[i].record), record)) return true;
  return false;
}

// True when no access is recorded in the cell (never, or forgotten since).
inline bool cell_empty(const ShadowCell &cell) {
  // (One test for both words: freed blocks' shadow is scanned cell by cell.)
  return (detail::load(cell.write) | detail::load(cell.read)) == 0;
}

// True when the cell's granule is split into lane cells (already_recorded_in_bytes applies).
inline bool cell_split(const ShadowCell &cell) { return is_pointer(detail::load(cell.write)); }

// The whole-granule write record in the cell, or 0 (none, or a split cell). May be read without
// the cell lock.
inline uint64_t whole_write_record(const ShadowCell &cell) {
  const uint64_t w = detail::load(cell.write);
  return is_pointer(w) ? 0 : w;
}

// Whether the check of an access (a write if `is_write`) by a thread whose forced order lacks
// `forced` of happens-before can predict nothing on the cell as it stands: each whole-granule
// record it would compare with is absent or ordered by the forced order as well (a read is not
// compared with reads). Split cells and read sets: false, the check looks. Read without the cell
// lock: a record another thread puts there meanwhile is not ordered before this access by
// anything (this thread synchronizes with nothing in between), so the check reports it as a race
// of happens-before itself, and the record it replaced was seen here.
inline bool nothing_to_predict(const ShadowCell &cell, bool is_write, const Deficits &forced) {
  const uint64_t w = detail::load(cell.write);
  if (is_pointer(w) || (w != 0 && !forced.covers(w))) return false;
  if (!is_write) return true;
  const uint64_t r = detail::load(cell.read);
  return !is_pointer(r) && (r == 0 || forced.covers(r));
}

// The write recorded for the first byte of `record` (in its lane, in a split cell) as the earlier
// side of a conflict with `record`, with its own context (cell lock held: a context word is read
// only under it). False when there is none.
// (Inline for a whole-granule cell, the common case: a split cell's lane is looked up out of line.)
inline bool recorded_write(const ShadowCell &cell, uint64_t record, Conflict *conflict);
namespace detail {
__attribute__((noinline)) inline bool recorded_write_in_lanes(uint64_t w, uint64_t record,
                                                              Conflict *conflict) {
  const Lanes lanes = lanes_of(w);
  const unsigned lane = lanes.lane_of_byte(unsigned(__builtin_ctzll(record & kMaskBits)));
  return recorded_write(lanes.cell[lane], restrict_to(record, lanes.mask(lane)), conflict);
}
}  // namespace detail
inline bool recorded_write(const ShadowCell &cell, uint64_t record, Conflict *conflict) {
  using namespace detail;
  const uint64_t w = load(cell.write);
  if (w == 0) return false;
  if (is_pointer(w)) return recorded_write_in_lanes(w, record, conflict);
  *conflict = conflict_with(w, write_context_of(cell), record, true);
  return true;
}

// The write record recorded for the first byte of `record` (its lane's, in a split cell), whole:
// with all the bytes it wrote, where recorded_write() names only the run of them reached from
// one context. 0 when there is none. (Cell lock held, as for recorded_write().)
inline uint64_t recorded_write_record(const ShadowCell &cell, uint64_t record) {
  const uint64_t w = detail::load(cell.write);
  if (!is_pointer(w)) return w;
  Conflict lane_write;
  return detail::recorded_write_in_lanes(w, record, &lane_write) ? lane_write.record : 0;
}

// True when the cell points to an overflow structure (release_overflow has work to do).
inline bool has_overflow(const ShadowCell &cell) {
  using namespace detail;
  const uint64_t w = load(cell.write);
  const uint64_t r = load(cell.read);
  return is_pointer(w) || is_pointer(r) || is_byte_contexts(write_context_of(cell)) ||
         is_byte_contexts(load(cell.read_context));
}

// Frees the overflow structures a cell points to (when its memory is handed out anew). Leaves
// the cell itself to the caller to clear. Read sets are retired, not freed: a thread updating
// its own entry in place (read_in_place) takes no lock, so one of a program that uses memory
// another thread frees may still write to it.
inline void release_overflow(const ShadowCell &cell, CellMemory &mem) {
  using namespace detail;
  uint64_t w = load(cell.write);
  if (is_pointer(w)) {
    const Lanes lanes = lanes_of(w);
    for (unsigned i = 0; i < lanes.count; i++) release_overflow(lanes.cell[i], mem);
    release_lanes(lanes, mem);
  } else {
    release_context_word(write_context_of(cell), mem);
    if (!is_pointer(load(cell.read))) release_context_word(load(cell.read_context), mem);
  }
  uint64_t r = load(cell.read);
  if (is_pointer(r)) mem.retire_read_set(as_read_set(r));
}

// The cell's slots as they are, for release_overflow(), leaving the cell empty but for its lock
// (the caller holds it): nothing the copy names is reachable from the cell any more.
inline ShadowCell take_history(ShadowCell &cell) {
  using namespace detail;
  const ShadowCell history = {load(cell.write), write_context_of(cell), load(cell.read),
                              load(cell.read_context)};
  store(cell.write, 0);
  store(cell.read, 0);
  store(cell.read_context, 0);
  set_write_context(cell, 0);
  return history;
}

}  // namespace interlock::race

#endif  // INTERLOCK_DETECTOR_RACE_SHADOW_CELL_H
