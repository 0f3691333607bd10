// -O2 build of atomic_acqrel_silent.cpp: release/acquire message passing stays race-free when
// the optimizer is free to move plain accesses around the atomics.
// EXPECT: silent
// TSAN: same
// ARGS: -O2
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
int payload[4];
std::atomic<bool> published{false};
}  // namespace

int main() {
  std::thread writer([] {
    for (int i = 0; i < 4; ++i) payload[i] = (i + 1) * 11;
    published.store(true, std::memory_order_release);
  });
  while (!published.load(std::memory_order_acquire)) std::this_thread::yield();
  int sum = payload[0] + payload[1] + payload[2] + payload[3];
  writer.join();
  std::printf("%d\n", sum);
  return sum == 110 ? 0 : 1;
}
