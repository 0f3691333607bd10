// Shadow memory: one 32-byte ShadowCell per 8-byte granule of application memory.
//
// The address space is split into 4 GiB regions; a top-level table indexed by `addr >> 32` holds
// the base of each region's shadow, reserved lazily with MAP_NORESERVE so untouched shadow costs
// nothing. The lookup is two loads and takes no lock; the first touch of a region takes the slow
// path once. Thread-safety: all functions are safe from any thread.
#ifndef INTERLOCK_RUNTIME_SHADOW_H
#define INTERLOCK_RUNTIME_SHADOW_H

#include "detector/race/shadow_cell.h"
#include "runtime/platform.h"

namespace interlock {

using race::ShadowCell;

constexpr int kRegionShift = 32;
constexpr uptr kRegionCount = uptr(1) << (47 - kRegionShift);  // user space is 47 bits
constexpr uptr kGranule = 8;
constexpr uptr kShadowRegionBytes = (uptr(1) << kRegionShift) / kGranule * sizeof(ShadowCell);

extern uptr g_shadow_regions[kRegionCount];

ShadowCell *map_shadow_region(uptr addr);  // slow path: reserve the region's shadow

INTERLOCK_ALWAYS_INLINE ShadowCell *shadow_cell(uptr addr) {
  uptr region = addr >> kRegionShift;
  if (INTERLOCK_UNLIKELY(region >= kRegionCount)) return nullptr;
  uptr base = __atomic_load_n(&g_shadow_regions[region], __ATOMIC_ACQUIRE);
  if (INTERLOCK_UNLIKELY(base == 0)) return map_shadow_region(addr);
  return reinterpret_cast<ShadowCell *>(base) +
         ((addr & ((uptr(1) << kRegionShift) - 1)) / kGranule);
}

// Forgets every access to [addr, addr+size): the memory is new (malloc, a new thread's stack).
void shadow_reset(uptr addr, uptr size);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_SHADOW_H
