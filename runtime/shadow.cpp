#include "runtime/shadow.h"

#include <string.h>

#include "runtime/clock_memory.h"

namespace interlock {

uptr g_shadow_regions[kRegionCount];

static ShadowCell g_scratch_cell;

ShadowCell *map_shadow_region(uptr addr) {
  uptr region = addr >> kRegionShift;
  if (region >= kRegionCount) return &g_scratch_cell;
  os_map_once(&g_shadow_regions[region], kShadowRegionBytes + kSummaryBytes,
              /*huge_pages=*/true, "shadow memory");
  return shadow_cell(addr);
}

void shadow_reset(uptr addr, uptr size) {
  uptr begin = round_down(addr, kGranule);
  uptr end = round_up(addr + size, kGranule);
  while (begin < end) {
    uptr region = begin >> kRegionShift;
    if (region >= kRegionCount) return;
    uptr region_end = (region + 1) << kRegionShift;
    uptr chunk_end = end < region_end ? end : region_end;
    uptr base = __atomic_load_n(&g_shadow_regions[region], __ATOMIC_ACQUIRE);
    if (base != 0) {  // an unmapped region has no history to forget
      char *first = reinterpret_cast<char *>(shadow_cell(begin));
      char *last = reinterpret_cast<char *>(shadow_cell(chunk_end - kGranule)) + sizeof(ShadowCell);
      uptr bytes = uptr(last - first);
      if (bytes >= 16 * kPageSize) {
        // Large: free the overflow structures of the pages the summary names (reading every
        // cell of a large, mostly untouched range would fault its shadow in), then hand whole
        // pages back to the kernel (they read as zero) and clear the edges.
        const uptr page_size = uptr(1) << kSummaryShift;
        for (uptr app = round_down(begin, page_size); app < chunk_end; app += page_size) {
          uint8_t *noted = page_summary(base + kShadowRegionBytes, app);
          if (!__atomic_load_n(noted, __ATOMIC_RELAXED)) continue;
          const uptr from = app < begin ? begin : app;
          const uptr to = app + page_size < chunk_end ? app + page_size : chunk_end;
          for (ShadowCell *c = shadow_cell(from), *e = shadow_cell(to - kGranule) + 1; c < e; c++)
            if (race::has_overflow(*c)) race::release_overflow(*c, cell_memory());
          if (from == app && to == app + page_size) __atomic_store_n(noted, 0, __ATOMIC_RELAXED);
        }
        uptr page_begin = round_up(reinterpret_cast<uptr>(first), kPageSize);
        uptr page_end = round_down(reinterpret_cast<uptr>(last), kPageSize);
        memset(first, 0, page_begin - reinterpret_cast<uptr>(first));
        os_discard(reinterpret_cast<void *>(page_begin), page_end - page_begin);
        memset(reinterpret_cast<void *>(page_end), 0, reinterpret_cast<uptr>(last) - page_end);
      } else {
        // Small ranges (heap blocks) are scanned so that split cells and read sets go back to
        // the arena; nobody can be accessing memory that is being handed out anew.
        for (auto *c = reinterpret_cast<ShadowCell *>(first); c < reinterpret_cast<ShadowCell *>(last); c++)
          if (!race::cell_empty(*c))
            race::release_overflow(*c, cell_memory());
        memset(first, 0, bytes);
      }
    }
    begin = chunk_end;
  }
}

}  // namespace interlock
