// lock_counter: lock-heavy workload.
// Worker threads repeatedly take one of a few std::mutex-protected counters and increment it.
// Every counter access is under its own mutex, so the program is race-free; the cost measured is
// the detector's lock acquire/release modelling (vector-clock joins and copies) plus contention.
// Usage: lock_counter [increments_per_thread]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {

constexpr int kWorkerCount = 4;
constexpr int kCounterCount = 4;

// One counter with the mutex that guards it, padded to its own cache line so the benchmark
// measures locking rather than false sharing.
struct alignas(64) GuardedCounter {
  std::mutex guard;
  std::uint64_t value = 0;
};

GuardedCounter counters[kCounterCount];

void increment_counters(int worker_index, long increments) {
  for (long i = 0; i < increments; ++i) {
    GuardedCounter &counter = counters[(worker_index + i) % kCounterCount];
    std::lock_guard<std::mutex> hold(counter.guard);
    ++counter.value;
  }
}

}  // namespace

int main(int argc, char **argv) {
  long increments_per_worker = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 4000000;
  std::vector<std::thread> workers;
  for (int worker = 0; worker < kWorkerCount; ++worker)
    workers.emplace_back(increment_counters, worker, increments_per_worker);
  for (std::thread &worker : workers)
    worker.join();
  std::uint64_t total = 0;
  for (GuardedCounter &counter : counters) {
    std::lock_guard<std::mutex> hold(counter.guard);
    total += counter.value;
  }
  const std::uint64_t expected = std::uint64_t(increments_per_worker) * kWorkerCount;
  if (total != expected) {
    std::fprintf(stderr, "lock_counter: total %llu, expected %llu\n",
                 (unsigned long long)total, (unsigned long long)expected);
    return 1;
  }
  std::printf("lock_counter: %llu\n", (unsigned long long)total);
  return 0;
}
