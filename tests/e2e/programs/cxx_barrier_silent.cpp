// std::barrier: two threads relax a 1-D heat grid in lock step. In each step each thread writes
// its half of the next grid, then all arrive; the completion function (run by one thread) swaps
// the grids and counts the step; then each reads its neighbour's border from the new grid.
// ARGS: -std=c++20
// EXPECT: silent
// TSAN: same
#include <barrier>
#include <cstdio>
#include <thread>
#include <vector>

namespace {
constexpr int kCells = 64;
std::vector<double> current(kCells), next(kCells);
int steps_done;

void relax_half(int half, std::barrier<void (*)() noexcept> &step_done) {
  for (int step = 0; step < 50; ++step) {
    const int begin = half * kCells / 2, end = begin + kCells / 2;
    for (int i = begin; i < end; ++i) {
      const double left = i > 0 ? current[i - 1] : 100.0;
      const double right = i + 1 < kCells ? current[i + 1] : 0.0;
      next[i] = (left + current[i] + right) / 3;
    }
    step_done.arrive_and_wait();
  }
}

void swap_grids() noexcept {
  current.swap(next);
  ++steps_done;
}
}  // namespace

int main() {
  std::barrier<void (*)() noexcept> step_done(2, swap_grids);
  std::thread right_half([&step_done] { relax_half(1, step_done); });
  relax_half(0, step_done);
  right_half.join();
  std::printf("%d steps, middle %.3f\n", steps_done, current[kCells / 2]);
  return 0;
}
