// A std::vector grows in the worker: the reallocation copies every element to the new buffer,
// reading the old ones (Cell's copy constructor), after main wrote an old element through a
// pointer taken before the worker started. The relaxed flag only makes main's write come
// first in time; it orders nothing. The growth then frees the old buffer, and a free writes the
// block: main's write races with that free too.
// EXPECT: data-race :first
// EXPECT: data-race :second
// TSAN: differs clang-14's TSan reports one race per address (suppress_equal_addresses): the free at line 29, which races with main's write as well, is not reported
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

struct Cell {
  int value;
  explicit Cell(int initial) : value(initial) {}
  Cell(const Cell &other) : value(other.value) {}  // RACE:first
};

std::atomic<bool> written{false};

int main() {
  std::vector<Cell> cells;
  cells.reserve(4);
  for (int i = 0; i < 4; ++i) cells.emplace_back(i);
  Cell *second = &cells[1];
  std::thread grower([&cells] {
    while (!written.load(std::memory_order_relaxed)) std::this_thread::yield();
    cells.emplace_back(4);  // RACE:second over capacity: every element is copied, the old buffer freed
  });
  second->value = 40;  // RACE:first RACE:second
  written.store(true, std::memory_order_relaxed);
  grower.join();
  std::printf("%zu\n", cells.size());
  return 0;
}
