// The baton chain of atomic_acqrel_cas_chain_silent.cpp with the middle stage's compare-exchange
// only acquire. Its own slot write is then published by nobody, so stage 2 reading it races.
// Stage 0's slot stays ordered: the middle exchange is still an RMW in stage 0's release
// sequence, so stage 2 synchronizes with stage 0: the only race is on slot 1.
// EXPECT: data-race
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
  slots[stage] = 100 * (stage + 1);  // RACE
  const std::memory_order order = stage == 1 ? std::memory_order_acquire : std::memory_order_acq_rel;
  int expected = stage;
  while (!baton.compare_exchange_weak(expected, stage + 1, order, std::memory_order_relaxed)) {
    expected = stage;
    std::this_thread::yield();
  }
  long sum = 0;
  for (int earlier = 0; earlier < stage; ++earlier) sum += slots[earlier];  // RACE
  sums[stage] = sum;
}
}  // namespace

int main() {
  std::thread stages[kStages];
  for (int s = kStages - 1; s >= 0; --s) stages[s] = std::thread(run_stage, s);
  for (std::thread &stage : stages) stage.join();
  std::printf("%ld %ld\n", sums[1], sums[2]);
  return 0;
}
