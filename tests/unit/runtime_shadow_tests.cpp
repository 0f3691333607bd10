// runtime/shadow.h: the address-to-cell mapping, lazy regions, resets, the cell locks and the
// heap's huge pages.
//
// The shadow is the test process's own (global, shared by every test case here), so each test
// case works in its own 4 GiB region, far from anything the process maps: only shadow is touched,
// never the application addresses themselves.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "runtime/clock_memory.h"
#include "runtime/shadow.h"

using interlock::g_shadow_regions;
using interlock::kGranule;
using interlock::kHugePageShift;
using interlock::kRegionShift;
using interlock::kShadowRegionBytes;
using interlock::shadow_cell;
using interlock::shadow_prefer_huge_pages;
using interlock::shadow_reset;
using interlock::ShadowCell;
using interlock::uptr;

namespace {

// Start of a region no other test case uses (the test cases also run in one process, so no two
// may share a region); well inside the 47-bit user space.
uptr test_region(unsigned index) { return (uptr(0x3000) + index) << kRegionShift; }

uptr region_index(uptr address) { return address >> kRegionShift; }

uptr cell_address(uptr address) { return reinterpret_cast<uptr>(shadow_cell(address)); }

// A cell whose slots hold whole-granule records (non-zero mask byte) and contexts (8-byte
// aligned, as the runtime's are), distinct per `seed`.
void fill(ShadowCell *cell, uint64_t seed) {
  cell->write = (seed << 32) | 0xff;
  cell->write_context = seed * 24;
  cell->read = (seed << 32) | 0x0f;
  cell->read_context = seed * 40;
}

bool holds(const ShadowCell *cell, uint64_t seed) {
  return cell->write == ((seed << 32) | 0xff) && cell->write_context == seed * 24 &&
         cell->read == ((seed << 32) | 0x0f) && cell->read_context == seed * 40;
}

bool is_zero(const ShadowCell *cell) {
  return cell->write == 0 && cell->write_context == 0 && cell->read == 0 && cell->read_context == 0;
}

}  // namespace

TEST_CASE("consecutive granules have consecutive 32-byte cells") {
  STATIC_REQUIRE(sizeof(ShadowCell) == 32);
  const uptr base = test_region(0) + 0x12340;
  for (uptr i = 0; i < 64; i++) {
    CHECK(cell_address(base + (i + 1) * kGranule) - cell_address(base + i * kGranule) == 32);
  }
  CHECK(cell_address(base + 64 * kGranule) - cell_address(base) == 64 * 32);
}

TEST_CASE("every byte of a granule maps to the granule's cell") {
  const uptr granule = test_region(1) + 0x8000;
  ShadowCell *cell = shadow_cell(granule);
  REQUIRE(cell != nullptr);
  for (uptr offset = 1; offset < kGranule; offset++) CHECK(shadow_cell(granule + offset) == cell);
  CHECK(shadow_cell(granule - 1) != cell);
  CHECK(shadow_cell(granule + kGranule) != cell);
}

TEST_CASE("addresses 4 GiB apart get cells in different regions, and both hold data") {
  const uptr low = test_region(13) + 0x1000;
  const uptr high = low + (uptr(1) << 32);  // in test_region(14)
  ShadowCell *low_cell = shadow_cell(low);
  ShadowCell *high_cell = shadow_cell(high);
  REQUIRE(low_cell != nullptr);
  REQUIRE(high_cell != nullptr);
  CHECK(low_cell != high_cell);

  // Each region was reserved on first touch and each cell lies inside its own region's shadow.
  const uptr low_base = g_shadow_regions[region_index(low)];
  const uptr high_base = g_shadow_regions[region_index(high)];
  REQUIRE(low_base != 0);
  REQUIRE(high_base != 0);
  CHECK(low_base != high_base);
  CHECK(reinterpret_cast<uptr>(low_cell) - low_base < kShadowRegionBytes);
  CHECK(reinterpret_cast<uptr>(high_cell) - high_base < kShadowRegionBytes);

  // Fresh shadow reads as zero; writes to one cell do not show through the other.
  CHECK(is_zero(low_cell));
  CHECK(is_zero(high_cell));
  fill(low_cell, 11);
  fill(high_cell, 22);
  CHECK(holds(shadow_cell(low), 11));
  CHECK(holds(shadow_cell(high), 22));
}

TEST_CASE("a region is reserved once: later lookups return the same cell") {
  const uptr address = test_region(3) + 0x40;
  REQUIRE(g_shadow_regions[region_index(address)] == 0);
  ShadowCell *first = shadow_cell(address);  // slow path: reserves the region
  const uptr base = g_shadow_regions[region_index(address)];
  REQUIRE(base != 0);
  CHECK(shadow_cell(address) == first);  // fast path
  CHECK(g_shadow_regions[region_index(address)] == base);
}

TEST_CASE("addresses outside user space share one scratch cell") {
  const uptr kernel_a = ~uptr(0) - 0xfff;
  const uptr kernel_b = uptr(1) << 50;
  ShadowCell *a = shadow_cell(kernel_a);
  REQUIRE(a != nullptr);
  CHECK(shadow_cell(kernel_b) == a);
  CHECK(shadow_cell(test_region(4)) != a);
}

TEST_CASE("shadow_reset clears its range and nothing outside it") {
  const uptr begin = test_region(5) + 0x2000;
  ShadowCell *before = shadow_cell(begin - kGranule);
  ShadowCell *first = shadow_cell(begin);
  ShadowCell *last = shadow_cell(begin + 3 * kGranule);
  ShadowCell *after = shadow_cell(begin + 4 * kGranule);
  fill(before, 1);
  for (uptr i = 0; i < 4; i++) fill(shadow_cell(begin + i * kGranule), 2 + i);
  fill(after, 9);

  SECTION("a granule-aligned range") { shadow_reset(begin, 4 * kGranule); }
  SECTION("a range starting and ending inside granules covers both partial granules") {
    shadow_reset(begin + 3, 3 * kGranule);  // bytes 3 .. 26: granules 0..3
  }

  CHECK(holds(before, 1));
  for (uptr i = 0; i < 4; i++) CHECK(is_zero(shadow_cell(begin + i * kGranule)));
  CHECK(is_zero(first));
  CHECK(is_zero(last));
  CHECK(holds(after, 9));
}

TEST_CASE("shadow_reset of a single byte clears exactly its granule") {
  const uptr granule = test_region(6) + 0x100;
  fill(shadow_cell(granule - kGranule), 1);
  fill(shadow_cell(granule), 2);
  fill(shadow_cell(granule + kGranule), 3);
  shadow_reset(granule + 7, 1);
  CHECK(holds(shadow_cell(granule - kGranule), 1));
  CHECK(is_zero(shadow_cell(granule)));
  CHECK(holds(shadow_cell(granule + kGranule), 3));
}

TEST_CASE("shadow_reset frees a cell's overflow structures and zeroes the cell") {
  auto &memory = interlock::cell_memory();
  const uptr granule = test_region(7) + 0x300;
  ShadowCell *cell = shadow_cell(granule);
  interlock::race::ReadSet *readers = memory.allocate_read_set(4);
  cell->read = interlock::race::detail::read_set_slot(readers);
  REQUIRE(interlock::race::is_pointer(cell->read));  // looks like a read set to the cell
  interlock::race::ByteCells *bytes = memory.allocate_byte_cells();
  fill(&bytes->byte[0], 4);
  cell->write = reinterpret_cast<uint64_t>(bytes);
  fill(shadow_cell(granule + kGranule), 5);

  shadow_reset(granule, kGranule);
  CHECK(is_zero(cell));
  CHECK(holds(shadow_cell(granule + kGranule), 5));
}

TEST_CASE("shadow_reset frees what a cell names only under the cell's lock") {
  // A thread accessing memory another thread frees (a use after free in the program) may be
  // replacing the cell's structures under its lock right now, and would free them too: the
  // reset waits for the lock, and leaves the cell empty for whoever takes it next.
  auto &memory = interlock::cell_memory();
  const uptr granule = test_region(9) + 0x500;
  ShadowCell *cell = shadow_cell(granule);
  interlock::race::ByteCells *bytes = memory.allocate_byte_cells();
  fill(&bytes->byte[0], 6);
  cell->write = reinterpret_cast<uint64_t>(bytes);
  std::atomic<bool> done{false};
  std::thread reset;
  {
    ShadowCell *claimed = nullptr;
    interlock::CellLockGuard holder(*cell, &claimed);
    reset = std::thread([&] {
      shadow_reset(granule, kGranule);
      done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(done);  // (it cannot be, whatever the scheduling)
    CHECK(cell->write == reinterpret_cast<uint64_t>(bytes));
    CHECK(holds(&bytes->byte[0], 6));  // not handed back while the holder may use them
  }
  reset.join();
  CHECK(done);
  CHECK(is_zero(cell));
}

TEST_CASE("shadow_reset of several MiB clears both edges and the middle") {
  // The shadow of `begin` is not page-aligned, so the reset has partial pages at both ends
  // around the whole pages it hands back to the kernel.
  const uptr size = uptr(8) << 20;  // 32 MiB of shadow
  const uptr begin = test_region(8) + 3 * kGranule;
  const uptr end = begin + size;
  REQUIRE(cell_address(begin) % interlock::kPageSize != 0);

  const uptr inside[] = {
      begin,
      begin + kGranule,
      begin + size / 2,
      begin + size / 2 + 5 * kGranule,
      end - 2 * kGranule,
      end - kGranule,
  };
  // The last granule before a shadow page boundary and the first after it, near each edge.
  const uptr first_page_end = (cell_address(begin) / interlock::kPageSize + 1) * interlock::kPageSize;
  const uptr granule_at_first_page_end = begin + (first_page_end - cell_address(begin)) / 32 * kGranule;
  const uptr last_page_begin = cell_address(end - kGranule) / interlock::kPageSize * interlock::kPageSize;
  const uptr granule_at_last_page = begin + (last_page_begin - cell_address(begin)) / 32 * kGranule;
  REQUIRE(cell_address(granule_at_first_page_end) == first_page_end);
  REQUIRE(cell_address(granule_at_last_page) == last_page_begin);
  const uptr boundaries[] = {granule_at_first_page_end - kGranule, granule_at_first_page_end,
                             granule_at_last_page - kGranule, granule_at_last_page};

  uint64_t seed = 100;
  for (uptr a : inside) fill(shadow_cell(a), seed++);
  for (uptr a : boundaries) fill(shadow_cell(a), seed++);
  fill(shadow_cell(begin - kGranule), 1);
  fill(shadow_cell(end), 2);

  shadow_reset(begin, size);

  for (uptr a : inside) CHECK(is_zero(shadow_cell(a)));
  for (uptr a : boundaries) CHECK(is_zero(shadow_cell(a)));
  CHECK(holds(shadow_cell(begin - kGranule), 1));
  CHECK(holds(shadow_cell(end), 2));
  // Cleared pages are usable again.
  fill(shadow_cell(begin + size / 2), 7);
  CHECK(holds(shadow_cell(begin + size / 2), 7));
}

TEST_CASE("shadow_reset across a region boundary clears both regions' cells") {
  const uptr boundary = test_region(10);  // regions 9 and 10 meet here
  fill(shadow_cell(boundary - 3 * kGranule), 1);
  fill(shadow_cell(boundary - 2 * kGranule), 2);
  fill(shadow_cell(boundary - kGranule), 3);
  fill(shadow_cell(boundary), 4);
  fill(shadow_cell(boundary + kGranule), 5);
  fill(shadow_cell(boundary + 2 * kGranule), 6);
  REQUIRE(region_index(boundary - kGranule) != region_index(boundary));

  shadow_reset(boundary - 2 * kGranule, 4 * kGranule);

  CHECK(holds(shadow_cell(boundary - 3 * kGranule), 1));
  CHECK(is_zero(shadow_cell(boundary - 2 * kGranule)));
  CHECK(is_zero(shadow_cell(boundary - kGranule)));
  CHECK(is_zero(shadow_cell(boundary)));
  CHECK(is_zero(shadow_cell(boundary + kGranule)));
  CHECK(holds(shadow_cell(boundary + 2 * kGranule), 6));
}

TEST_CASE("shadow_reset of memory whose region has no shadow yet reserves nothing") {
  const uptr untouched = test_region(11);
  REQUIRE(g_shadow_regions[region_index(untouched)] == 0);
  shadow_reset(untouched + 0x1000, 0x10000);
  CHECK(g_shadow_regions[region_index(untouched)] == 0);
}

TEST_CASE("a cell's lock lives in its write context and leaves the context intact") {
  ShadowCell *cell = shadow_cell(test_region(12) + 0x500);
  interlock::race::detail::set_write_context(*cell, 0x1230);
  ShadowCell *claimed = nullptr;
  {
    interlock::CellLockGuard guard(*cell, &claimed);
    CHECK(claimed == cell);  // named while held, for a forked child to release
    CHECK((cell->write_context & 1) == 1);
    CHECK(interlock::race::detail::write_context_of(*cell) == 0x1230);
    interlock::race::detail::set_write_context(*cell, 0x4560);  // an update while locked...
    CHECK((cell->write_context & 1) == 1);                      // ...keeps the lock held
  }
  CHECK(cell->write_context == 0x4560);
  CHECK(claimed == nullptr);
}

TEST_CASE("a cell's lock excludes other threads") {
  ShadowCell *cell = shadow_cell(test_region(12) + 0x900);
  long counter = 0;  // plain: only the lock protects it
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++)
    threads.emplace_back([&] {
      ShadowCell *claimed = nullptr;
      for (int i = 0; i < 50000; i++) {
        interlock::CellLockGuard guard(*cell, &claimed);
        long seen = counter;
        counter = seen + 1;
      }
    });
  for (auto &t : threads) t.join();
  CHECK(counter == 4 * 50000);
  CHECK((cell->write_context & 1) == 0);
}

namespace {

constexpr uptr kPiece = uptr(1) << kHugePageShift;  // of shadow: 512 KiB of application memory

// Whether the mapping holding `address` asked for transparent huge pages (madvise(MADV_HUGEPAGE)
// marks it "hg" in /proc/self/smaps, whatever the system's own setting).
bool asked_for_huge_pages(uptr address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    unsigned long long begin, end;
    char dash;
    if (std::sscanf(line.c_str(), "%llx%c%llx", &begin, &dash, &end) == 3 && dash == '-') {
      inside = begin <= address && address < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line.find(" hg") != std::string::npos;
    }
  }
  FAIL("no mapping holds the shadow address");
  return false;
}

// The application address whose cell begins the `n`-th 2 MiB piece of shadow after the one
// holding the cell of `region_start` (the shadow's mapping need not be 2 MiB-aligned).
uptr piece_start(uptr region_start, unsigned n) {
  const uptr first = (cell_address(region_start) | (kPiece - 1)) + 1;
  const uptr cells_after = (first + n * kPiece - cell_address(region_start)) / sizeof(ShadowCell);
  return region_start + cells_after * kGranule;
}

}  // namespace

TEST_CASE("heap blocks ask for huge pages for their shadow only where the heap is dense") {
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) {
    WARN("this kernel has no transparent huge pages: nothing to ask for");
    return;
  }
  const uptr region = test_region(15);
  const uptr dense_block = kPiece / 8 / sizeof(ShadowCell) * kGranule;  // cells of an eighth
  SECTION("a few small blocks, as in a thread's malloc arena, keep small pages") {
    const uptr p = piece_start(region, 1);
    for (unsigned i = 0; i < 3; i++) shadow_prefer_huge_pages(p + i * 256, 256);
    CHECK_FALSE(asked_for_huge_pages(cell_address(p)));
  }
  SECTION("a block whose cells cover an eighth of a fresh piece asks for it") {
    const uptr p = piece_start(region, 3);
    shadow_prefer_huge_pages(p, dense_block);
    CHECK(asked_for_huge_pages(cell_address(p)));
    CHECK(asked_for_huge_pages(cell_address(p) + kPiece - 1));
    CHECK_FALSE(asked_for_huge_pages(cell_address(p) + kPiece));  // the next piece has no block
  }
  SECTION("small blocks that fill a piece make the next one ask at its first block") {
    const uptr p = piece_start(region, 5);
    for (uptr at = p; at < p + dense_block; at += 256) shadow_prefer_huge_pages(at, 256);
    // Its own cells already have small pages: asking now would get no huge page.
    CHECK_FALSE(asked_for_huge_pages(cell_address(p)));
    const uptr next = piece_start(region, 6);
    shadow_prefer_huge_pages(next, 256);
    CHECK(asked_for_huge_pages(cell_address(next)));
  }
  SECTION("a piece a small block reached first does not ask for a large one") {
    const uptr p = piece_start(region, 8);
    shadow_prefer_huge_pages(p, 256);
    shadow_prefer_huge_pages(p + 4096, dense_block);
    CHECK_FALSE(asked_for_huge_pages(cell_address(p)));
  }
  SECTION("a large block asks for every piece it is the first to reach") {
    const uptr p = piece_start(region, 10);
    shadow_prefer_huge_pages(p, 3 * (kPiece / sizeof(ShadowCell) * kGranule));
    for (unsigned n = 0; n < 3; n++) CHECK(asked_for_huge_pages(cell_address(p) + n * kPiece));
  }
}
