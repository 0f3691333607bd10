// Four threads bump an atomic counter with fetch_add (relaxed is enough for a counter); main
// reads it after joining.
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

namespace {
std::atomic<long> hits{0};
}

int main() {
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t)
    workers.emplace_back([] {
      for (int i = 0; i < 2500; ++i) hits.fetch_add(1, std::memory_order_relaxed);
    });
  for (std::thread &worker : workers) worker.join();
  std::printf("%ld\n", hits.load());
  return hits.load() == 10000 ? 0 : 1;
}
