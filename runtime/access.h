// The memory-access check: the fast path every instrumented load and store goes through.
//
// Fast path (inline): thread state from TLS, shadow cell from two loads, and an early return
// when this thread already recorded the same bytes in its current epoch. It takes no lock,
// allocates nothing and makes no system call. Everything else is access_slow().
#ifndef INTERLOCK_RUNTIME_ACCESS_H
#define INTERLOCK_RUNTIME_ACCESS_H

#include "detector/race/epoch.h"
#include "runtime/shadow.h"
#include "runtime/thread_state.h"

namespace interlock {

INTERLOCK_NOINLINE void access_slow(ThreadState *thr, ShadowCell *cell, uptr addr,
                                    uint64_t record, bool is_write,
                                    const interlock_site *site);

// An access that stays inside one 8-byte granule.
INTERLOCK_ALWAYS_INLINE void access_granule(ThreadState *thr, uptr addr, unsigned size,
                                            bool is_write, bool is_atomic,
                                            const interlock_site *site) {
  ShadowCell *cell = shadow_cell(addr);
  if (INTERLOCK_UNLIKELY(!cell)) return;
  const uint64_t mask = race::granule_mask(unsigned(addr & 7), size);
  const uint64_t record = thr->fast_epoch | mask | (is_atomic ? race::kAtomicBit : 0);
  if (is_write) {
    const uint64_t w = __atomic_load_n(&cell->write, __ATOMIC_RELAXED);
    if (INTERLOCK_LIKELY(w == record)) return;
    if (race::detail::is_pointer(w) && race::already_recorded_in_bytes(*cell, record, true)) return;
  } else {
    if (INTERLOCK_LIKELY(__atomic_load_n(&cell->read, __ATOMIC_RELAXED) == record)) return;
    // Reading bytes this thread wrote in this epoch adds nothing: any access racing with the
    // read also races with that write.
    const uint64_t w = __atomic_load_n(&cell->write, __ATOMIC_RELAXED);
    if ((w & ~race::kMaskBits) == (record & ~race::kMaskBits) && (w & mask) == mask) return;
    if (race::detail::is_pointer(w) && race::already_recorded_in_bytes(*cell, record, false)) return;
  }
  access_slow(thr, cell, addr, record, is_write, site);
}

// Any access: split at granule boundaries.
void access_range(ThreadState *thr, uptr addr, uptr size, bool is_write, bool is_atomic,
                  const interlock_site *site);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_ACCESS_H
