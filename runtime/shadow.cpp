#include "runtime/shadow.h"

#include <string.h>

#include "runtime/clock_memory.h"
#include "runtime/thread_state.h"

namespace interlock {

uptr g_shadow_regions[kRegionCount];

static ShadowCell g_scratch_cell;

namespace {

// Empties a cell that points to overflow structures and frees them, under the cell's lock. A
// thread may be accessing the memory while it is reset (a program that uses memory another
// thread freed): it may be replacing one of those structures under that lock right now (growing
// a read set, splitting the granule), and both would free it. The cell is emptied before its
// structures go back, so a thread that takes the lock next finds nothing of them.
void release_overflow_locked(ShadowCell &cell) {
  ThreadState *thr = tls_thread;
  ShadowCell *unclaimed = nullptr;  // (before the runtime knows the thread: nothing forks yet)
  CellLockGuard guard(cell, thr ? &thr->locking_cell : &unclaimed);
  if (!race::has_overflow(cell)) return;  // replaced meanwhile, by records only
  const ShadowCell history = race::take_history(cell);
  race::release_overflow(history, cell_memory());
}

}  // namespace

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
            if (race::has_overflow(*c)) release_overflow_locked(*c);
          if (from == app && to == app + page_size) __atomic_store_n(noted, 0, __ATOMIC_RELAXED);
        }
        uptr page_begin = round_up(reinterpret_cast<uptr>(first), kPageSize);
        uptr page_end = round_down(reinterpret_cast<uptr>(last), kPageSize);
        memset(first, 0, page_begin - reinterpret_cast<uptr>(first));
        os_discard(reinterpret_cast<void *>(page_begin), page_end - page_begin);
        memset(reinterpret_cast<void *>(page_end), 0, reinterpret_cast<uptr>(last) - page_end);
      } else {
        // Small ranges (heap blocks) are scanned so that split cells and read sets go back to
        // the arena.
        for (auto *c = reinterpret_cast<ShadowCell *>(first); c < reinterpret_cast<ShadowCell *>(last); c++)
          if (!race::cell_empty(*c) && race::has_overflow(*c)) release_overflow_locked(*c);
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
  // A piece is dense once heap blocks have covered this much of it: a huge page for it costs at
  // most eight times the memory the blocks' cells need.
  constexpr uint32_t kDenseShadowBytes = uint32_t(1) << (kHugePageShift - 3);
  static uint32_t requests;
  const uptr region = addr >> kRegionShift;
  if (region >= kRegionCount) return;
  uptr last_app = addr + (size ? size - 1 : 0);  // (a block crossing into the next region asks
  if ((last_app >> kRegionShift) != region)       // for its part in this one only)
    last_app = (region << kRegionShift) | kRegionOffsetMask;
  const uptr first_cell = reinterpret_cast<uptr>(shadow_cell(addr));  // (maps the region)
  const uptr cells_end = reinterpret_cast<uptr>(shadow_cell(last_app)) + sizeof(ShadowCell);
  // Pieces are the 2 MiB-aligned ranges of the address space (the only ones a huge page can
  // back), counted from the one holding the region's first cell.
  const uptr base = __atomic_load_n(&g_shadow_regions[region], __ATOMIC_ACQUIRE);
  const uptr end = base + kShadowRegionBytes;
  uint32_t *covered = reinterpret_cast<uint32_t *>(end + kSummaryBytes);
  constexpr uptr kPiece = uptr(1) << kHugePageShift;
  const uptr first_piece_at = round_down(first_cell, kPiece);
  const uptr piece_index_base = base >> kHugePageShift;
  // Pieces next to each other that ask together go in one request (a large block's).
  uptr run_from = 0, run_to = 0;  // shadow [run_from, run_to) not asked for yet
  auto ask = [&] {
    if (run_to == run_from) return;
    const uptr from = run_from < base ? base : run_from, to = run_to > end ? end : run_to;
    run_from = run_to;
    if (__atomic_load_n(&requests, __ATOMIC_RELAXED) >= kMaxRequests) return;  // (never wraps)
    __atomic_fetch_add(&requests, 1, __ATOMIC_RELAXED);
    os_prefer_huge_pages(reinterpret_cast<void *>(from), to - from);
  };
  for (uptr piece_at = first_piece_at; piece_at < cells_end; piece_at += kPiece) {
    const uptr piece = (piece_at >> kHugePageShift) - piece_index_base;
    const uptr from = first_cell > piece_at ? first_cell : piece_at;
    const uptr to = cells_end < piece_at + kPiece ? cells_end : piece_at + kPiece;
    uint32_t before = __atomic_load_n(&covered[piece], __ATOMIC_RELAXED);
    if (before < kDenseShadowBytes)  // (past it, counting stops: the counter cannot wrap)
      before = __atomic_fetch_add(&covered[piece], uint32_t(to - from), __ATOMIC_RELAXED);
    // Only a piece no block has touched yet can still get huge pages at its faults (one with a
    // small page in it gets none: collapsing them costs milliseconds). It asks when this block
    // alone makes it dense, or when the piece below it is dense: an allocator hands memory out
    // upwards, so an arena that reached this piece filled the one below (a thread's arena that
    // holds a few blocks never leaves its first piece). (The piece below is read only then.)
    const auto dense = [&](uptr p) {
      return __atomic_load_n(&covered[p], __ATOMIC_RELAXED) >= kDenseShadowBytes;
    };
    const bool asks =
        before == 0 && (to - from >= kDenseShadowBytes || (piece > 0 && dense(piece - 1)));
    if (!asks) {
      ask();  // not this block's to ask for
      run_from = run_to = piece_at + kPiece;
      continue;
    }
    if (run_to != piece_at) run_from = piece_at;
    run_to = piece_at + kPiece;
  }
  ask();
}

}  // namespace interlock
