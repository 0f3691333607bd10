// std::barrier: the left thread has nothing to read in the next phase, so it arrives with
// arrive() and does not wait; it then writes its border value, which the right thread reads
// after arrive_and_wait(). Only what precedes arrive() is ordered before the phase completes.
// (Had the left thread called wait() after the write, libstdc++'s waiter pool, a seq_cst counter
// the completing thread reads before notifying, would order the write in some schedules.)
// ARGS: -std=c++20
// EXPECT: data-race
// TSAN: same
#include <barrier>
#include <cstdio>
#include <thread>

namespace {
double left_border;
}  // namespace

int main() {
  std::barrier<> step_done(2);
  std::thread right_half([&step_done] {
    step_done.arrive_and_wait();
    std::printf("left border %.1f\n", left_border);  // RACE
  });
  [[maybe_unused]] std::barrier<>::arrival_token token = step_done.arrive();
  left_border = 100.0;  // RACE
  right_half.join();
  return 0;
}
