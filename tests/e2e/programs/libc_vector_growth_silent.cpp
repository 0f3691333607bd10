// A std::vector grows in the worker; main touches the elements only after joining it.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <thread>
#include <vector>

struct Cell {
  int value;
  explicit Cell(int initial) : value(initial) {}
  Cell(const Cell &other) : value(other.value) {}
};

int main() {
  std::vector<Cell> cells;
  cells.reserve(4);
  for (int i = 0; i < 4; ++i) cells.emplace_back(i);
  std::thread grower([&cells] { cells.emplace_back(4); });
  grower.join();
  cells[1].value = 40;
  std::printf("%zu %d\n", cells.size(), cells[1].value);
  return 0;
}
