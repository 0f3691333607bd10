#include "runtime/shadow.h"

#include <string.h>

#include "runtime/clock_memory.h"

namespace interlock {

uptr g_shadow_regions[kRegionCount];

static ShadowCell g_scratch_cell;

ShadowCell *map_shadow_region(uptr addr) {
  uptr region = addr >> kRegionShift;
  if (region >= kRegionCount) return &g_scratch_cell;
  os_map_once(&g_shadow_regions[region], kShadowRegionBytes + kSummaryBytes + kHugeRequestBytes,
              "shadow memory");
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

void shadow_prefer_huge_pages(uptr addr, uptr size) {
  // Each request may split the shadow's mapping (pieces next to each other merge again), and the
  // program's own mappings count against the same per-process limit (vm.max_map_count, 65,530
  // by default): after this many requests, new pieces keep small pages, which costs
  // first-touch faults, not memory.
  constexpr uint32_t kMaxRequests = 16384;
  static uint32_t requests;
  const uptr region = addr >> kRegionShift;
  if (region >= kRegionCount) return;
  uptr last_app = addr + (size ? size - 1 : 0);  // (a block crossing into the next region asks
  if ((last_app >> kRegionShift) != region)       // for its part in this one only)
    last_app = (region << kRegionShift) | kRegionOffsetMask;
  const uptr first_cell = reinterpret_cast<uptr>(shadow_cell(addr));  // (maps the region)
  const uptr last_cell = reinterpret_cast<uptr>(shadow_cell(last_app));
  // Pieces are the 2 MiB-aligned ranges of the address space (the only ones a huge page can
  // back), counted from the one holding the region's first cell.
  const uptr base = __atomic_load_n(&g_shadow_regions[region], __ATOMIC_ACQUIRE);
  const uptr end = base + kShadowRegionBytes;
  uint64_t *requested = reinterpret_cast<uint64_t *>(end + kSummaryBytes);
  constexpr uptr kPiece = uptr(1) << kHugePageShift;
  const uptr first_piece = (first_cell >> kHugePageShift) - (base >> kHugePageShift);
  const uptr last_piece = (last_cell >> kHugePageShift) - (base >> kHugePageShift);
  // Newly asked pieces next to each other go in one request (a large block's many).
  uptr run_begin = 0, run_end = 0;  // pieces [run_begin, run_end) not yet asked for
  auto ask = [&] {
    if (run_end == run_begin) return;
    const uptr from = round_down(base, kPiece) + run_begin * kPiece;
    const uptr to = round_down(base, kPiece) + run_end * kPiece;
    run_begin = run_end;
    if (__atomic_load_n(&requests, __ATOMIC_RELAXED) >= kMaxRequests) return;  // (never wraps)
    __atomic_fetch_add(&requests, 1, __ATOMIC_RELAXED);
    const uptr clipped_from = from < base ? base : from, clipped_to = to > end ? end : to;
    os_prefer_huge_pages(reinterpret_cast<void *>(clipped_from), clipped_to - clipped_from);
  };
  for (uptr piece = first_piece; piece <= last_piece; piece++) {
    uint64_t &word = requested[piece / 64];
    const uint64_t bit = uint64_t(1) << (piece % 64);
    const bool asked = (__atomic_load_n(&word, __ATOMIC_RELAXED) & bit) ||
                       (__atomic_fetch_or(&word, bit, __ATOMIC_RELAXED) & bit);
    if (asked) {
      ask();
      run_begin = run_end = piece + 1;
    } else {
      if (run_end == run_begin) run_begin = piece;
      run_end = piece + 1;
    }
  }
  ask();
}

}  // namespace interlock
