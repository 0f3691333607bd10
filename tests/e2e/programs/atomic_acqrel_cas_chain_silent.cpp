// A baton passed through three threads by acq_rel compare-exchanges: stage i fills its own slot,
// then waits until its compare-exchange moves the baton from i to i + 1, then reads the slots of
// all earlier stages. The acquire half of each exchange takes the previous stage's release, the
// release half passes it on, so stage 2 is ordered after stage 0 through stage 1.
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
constexpr int kStages = 3;
long slots[kStages];
long sums[kStages];
std::atomic<int> baton{0};

void run_stage(int stage) {
  slots[stage] = 100 * (stage + 1);
  int expected = stage;
  while (!baton.compare_exchange_weak(expected, stage + 1, std::memory_order_acq_rel,
                                      std::memory_order_relaxed)) {
    expected = stage;
    std::this_thread::yield();
  }
  long sum = 0;
  for (int earlier = 0; earlier < stage; ++earlier) sum += slots[earlier];
  sums[stage] = sum;
}
}  // namespace

int main() {
  std::thread stages[kStages];
  for (int s = kStages - 1; s >= 0; --s) stages[s] = std::thread(run_stage, s);
  for (std::thread &stage : stages) stage.join();
  std::printf("%ld %ld\n", sums[1], sums[2]);
  return sums[1] == 100 && sums[2] == 300 ? 0 : 1;
}
