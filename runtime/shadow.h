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
constexpr uptr kRegionOffsetMask = (uptr(1) << kRegionShift) - 1;
// Page summaries: after a region's table (shadow cells here, sync-object slots in sync.cpp), one
// byte per 4 KiB of application memory, set once something there must be released when the
// range is forgotten (an overflow structure, a sync object), so that forgetting a large range
// reads a byte per page instead of every entry of it.
constexpr uptr kSummaryShift = 12;
constexpr uptr kSummaryBytes = (uptr(1) << kRegionShift) >> kSummaryShift;
INTERLOCK_ALWAYS_INLINE uint8_t *page_summary(uptr summaries, uptr addr) {
  return reinterpret_cast<uint8_t *>(summaries) + ((addr & kRegionOffsetMask) >> kSummaryShift);
}
INTERLOCK_ALWAYS_INLINE void mark_page(uint8_t *summary) {
  if (!__atomic_load_n(summary, __ATOMIC_RELAXED)) __atomic_store_n(summary, 1, __ATOMIC_RELAXED);
}
// After a shadow region's page summaries: a counter per 2 MiB-aligned piece of its shadow (one
// more than fit in it: the mapping need not be aligned) of the shadow bytes that heap blocks
// handed out there have covered, until the piece is dense enough to ask for huge pages
// (shadow_prefer_huge_pages).
constexpr int kHugePageShift = 21;
constexpr uptr kHugeRequestBytes = ((kShadowRegionBytes >> kHugePageShift) + 1) * sizeof(uint32_t);

extern uptr g_shadow_regions[kRegionCount] __attribute__((visibility("hidden")));  // (no GOT)

// Slow path: reserves the region's shadow. Addresses outside user space (never accessed by
// a program, but a wild pointer can be) share one scratch cell.
ShadowCell *map_shadow_region(uptr addr);

// The cell of `addr` if its region's shadow is reserved already, else null. The access fast path
// uses it so that it never makes a call that returns (the slow path maps the region): a call
// that returns would make every access save and restore registers.
INTERLOCK_ALWAYS_INLINE ShadowCell *mapped_shadow_cell(uptr addr) {
  const uptr region = addr >> kRegionShift;
  const uptr base = INTERLOCK_LIKELY(region < kRegionCount)
                        ? __atomic_load_n(&g_shadow_regions[region], __ATOMIC_ACQUIRE)
                        : 0;
  if (INTERLOCK_UNLIKELY(base == 0)) return nullptr;
  return reinterpret_cast<ShadowCell *>(base) + ((addr & kRegionOffsetMask) / kGranule);
}

// Never null.
INTERLOCK_ALWAYS_INLINE ShadowCell *shadow_cell(uptr addr) {
  ShadowCell *cell = mapped_shadow_cell(addr);
  return INTERLOCK_LIKELY(cell != nullptr) ? cell : map_shadow_region(addr);
}

// Holds the lock inside `cell` that serializes its updates (slow path only; the fast path only
// compares). Waiting spins briefly, then yields the CPU.
// `claim` (the thread's ThreadState::locking_cell) names the cell from before the lock is tried
// until after it is released, so that a forked child can release a lock a thread that no
// longer exists held at the fork (runtime/fork.cpp).
class CellLockGuard {
 public:
  CellLockGuard(ShadowCell &cell, ShadowCell **claim) : cell_(cell), claim_(claim) {
    *claim_ = &cell_;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);  // claimed before the lock word is touched
    race::lock_cell(cell_, spin_wait);
  }
  ~CellLockGuard() {
    race::unlock_cell(cell_);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    *claim_ = nullptr;
  }
  CellLockGuard(const CellLockGuard &) = delete;
  CellLockGuard &operator=(const CellLockGuard &) = delete;

 private:
  ShadowCell &cell_;
  ShadowCell **claim_;
};

// Notes that the cell of `addr` (in user space, its region mapped) may point to an overflow
// structure. Slow path only.
INTERLOCK_ALWAYS_INLINE void note_overflow(uptr addr) {
  if ((addr >> kRegionShift) >= kRegionCount) return;  // the scratch cell
  const uptr base = __atomic_load_n(&g_shadow_regions[addr >> kRegionShift], __ATOMIC_RELAXED);
  mark_page(page_summary(base + kShadowRegionBytes, addr));
}

// Forgets every access to [addr, addr+size): the memory is new (malloc, a new thread's stack).
// Read sets and byte cells of the range go back to the arena.
void shadow_reset(uptr addr, uptr size);

// The program's heap block [addr, addr+size) was handed out: counts its cells against the 2 MiB
// pieces of shadow that hold them, and asks for transparent huge pages for a piece the block is
// the first to reach when the block alone covers an eighth of it, or when the piece below is
// dense (its blocks covered an eighth of it): allocators hand memory out upwards. Where the heap
// is dense (a program's main arena past its first 512 KiB, a large block), that is one fault
// per 2 MiB of shadow instead of one per 4 KiB, and fewer TLB misses. Elsewhere the shadow keeps
// small pages: stacks, the libraries' scattered data and a thread's malloc arena holding a few
// blocks touch a few cells of each 2 MiB, which a huge page would make resident (2 MiB for each
// of a program's thread arenas).
void shadow_prefer_huge_pages(uptr addr, uptr size);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_SHADOW_H
