// The memory-access check: the fast path every instrumented load and store goes through.
//
// Fast path (inline): thread state from TLS, shadow cell from two loads, and an early return
// when this thread already recorded the same bytes in its current epoch. It takes no lock,
// allocates nothing, makes no system call, saves no register and makes no call that returns:
// everything else is a tail call to access_slow() (or access_range()). The test
// runtime.fast_path_machine_code reads the built entry points' machine code to keep it so.
#ifndef INTERLOCK_RUNTIME_ACCESS_H
#define INTERLOCK_RUNTIME_ACCESS_H

#include "detector/race/epoch.h"
#include "runtime/shadow.h"
#include "runtime/thread_state.h"

namespace interlock {

// Everything beyond "already recorded": mapping the shadow (`cell` is null when the region's
// shadow is not reserved yet), read sets and byte cells, the race check, recording, reporting.
INTERLOCK_NOINLINE void access_slow(ThreadState *thr, ShadowCell *cell, uptr addr,
                                    uint64_t record, bool is_write,
                                    const interlock_site *site);

// True when this thread already recorded these bytes in its current epoch, so checking again
// can find nothing new: the fast path's only question. `search_read_sets` false leaves read sets
// to the caller's fallback (the 16-byte path, which checks two cells, could not keep both
// searches in registers).
template <bool search_read_sets = true>
INTERLOCK_ALWAYS_INLINE bool recorded_already(const ShadowCell *cell, uint64_t record,
                                              bool is_write) {
  // A slot covers the access when it holds this thread's record of this epoch (and atomicity)
  // with at least these bytes: records of one thread and epoch merge their masks.
  const uint64_t w = __atomic_load_n(&cell->write, __ATOMIC_RELAXED);
  const bool write_covers = race::slot_covers(w, record);
  // A split cell keeps its last writes in read_context (the split-cell cache, shadow_cell.h):
  // a loop writing two fields of one word stays inline. Only then is that word a record.
  if (is_write)
    return write_covers ||
           (race::is_pointer(w) &&
            race::slot_covers(__atomic_load_n(&cell->read_context, __ATOMIC_RELAXED), record));
  // Reading bytes this thread wrote in this epoch adds nothing: any access racing with the
  // read also races with that write.
  if (write_covers) return true;
  const uint64_t r = __atomic_load_n(&cell->read, __ATOMIC_RELAXED);
  if (race::slot_covers(r, record)) return true;
  // Memory several threads read, or a word one thread reads in parts: the read-set cache in the
  // cell's own line (the last plain read recorded), then the set's first seven entries; a longer
  // set's other entries are searched by the slow path (a loop would need more registers than a
  // fast path may use without saving any). (The write slot is not asked again: a split cell's
  // read slot holds a record, never a set.)
  if (!search_read_sets || !race::is_pointer(r)) return false;
  return race::read_set_cache_holds(*cell, record) || race::read_set_line_holds(r, record);
}

// An access that stays inside one 8-byte granule; `Slow` is the slow path.
using AccessSlowPath = void (*)(ThreadState *, ShadowCell *, uptr, uint64_t, bool,
                                const interlock_site *);
template <AccessSlowPath Slow = access_slow>
INTERLOCK_ALWAYS_INLINE void access_granule(ThreadState *thr, uptr addr, unsigned size,
                                            bool is_write, bool is_atomic,
                                            const interlock_site *site) {
  ShadowCell *cell = mapped_shadow_cell(addr);
  const uint64_t record = thr->fast_epoch | race::granule_mask(unsigned(addr & 7), size) |
                          (is_atomic ? race::kAtomicBit : 0);
  if (INTERLOCK_LIKELY(cell != nullptr) && INTERLOCK_LIKELY(recorded_already(cell, record, is_write)))
    return;
  Slow(thr, cell, addr, record, is_write, site);
}

// Any access: split at granule boundaries.
void access_range(ThreadState *thr, uptr addr, uptr size, bool is_write, bool is_atomic,
                  const interlock_site *site);

// Records a plain read of [addr, addr + size) made earlier, by the thread whose epoch was
// `epoch` (a record's clock and tid) and with context word `context`, in memory no thread has
// written since the read: nothing to check it against, only to keep it for the writes to come.
// Each read is kept as if concurrent with other threads' earlier ones (their clocks then are
// gone), which keeps more reads than needed and reports nothing a direct check would not.
// `thr` is the thread doing it, inside the runtime. (The file-contents model's logged reads.)
void record_earlier_read(ThreadState *thr, uptr addr, uptr size, uint64_t epoch,
                         uint64_t context);

// An access of a size known at compile time (1..16 bytes), aligned or not. The common shapes
// (inside one granule; 16 bytes on an 8-byte boundary, as vectorized loops make) stay inline
// and end in tail calls, so the fast path saves no registers.
template <unsigned kSize>
INTERLOCK_ALWAYS_INLINE void access_sized(ThreadState *thr, uptr addr, bool is_write,
                                          const interlock_site *site) {
  const unsigned offset = unsigned(addr & 7);
  if (INTERLOCK_LIKELY(offset + kSize <= 8)) {
    access_granule(thr, addr, kSize, is_write, false, site);
    return;
  }
  if (kSize == 16 && offset == 0) {
    ShadowCell *cell = mapped_shadow_cell(addr);
    const uint64_t record = thr->fast_epoch | race::kMaskBits;
    // The second granule's cell follows the first unless a 4 GiB region boundary lies between.
    if (INTERLOCK_LIKELY(cell != nullptr) && INTERLOCK_LIKELY(((addr + 8) & kRegionOffsetMask) != 0) &&
        recorded_already<false>(cell, record, is_write) &&
        recorded_already<false>(cell + 1, record, is_write))
      return;
  } else if (kSize < 16) {
    // A word read or written at any offset across two granules (byte-oriented code: compressors'
    // match finders, parsers): the first granule's bytes from `offset` on, the second's from 0.
    // (Each mask is made where it is used, from `addr`: kept across both checks, they would need
    // a register the fast path does not have. And the offset is taken anew from a copy the
    // compiler cannot see through: shared with the test above, it would cost the common,
    // aligned access an instruction to keep it.)
    uptr at = addr;
    asm("" : "+r"(at));
    ShadowCell *cell = mapped_shadow_cell(at);
    if (INTERLOCK_LIKELY(cell != nullptr) &&
        INTERLOCK_LIKELY(((at | 7) + 1) & kRegionOffsetMask) &&
        recorded_already<false>(cell, thr->fast_epoch | ((0xffu << (at & 7)) & 0xffu), is_write) &&
        recorded_already<false>(cell + 1, thr->fast_epoch | ((1u << ((at & 7) + kSize - 8)) - 1),
                                is_write))
      return;
  }
  access_range(thr, addr, kSize, is_write, false, site);
}

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_ACCESS_H
