// thread_local: each worker registers its thread_local statistics block in a global list (under
// a mutex) so a reporter can read it, but keeps bumping the counter without any lock; main, as
// the reporter, reads it. The registration is ordered; the later increment is not.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {
struct ThreadStats {
  long requests = 0;
};

thread_local ThreadStats stats;
std::mutex registry_lock;
std::vector<ThreadStats *> registry;
std::atomic<bool> report_taken{false};
}  // namespace

int main() {
  std::thread worker([] {
    {
      std::lock_guard<std::mutex> hold(registry_lock);
      registry.push_back(&stats);
    }
    stats.requests = 42;  // RACE
    // Stay alive (and keep the TLS block mapped) until the reporter is done.
    while (!report_taken.load(std::memory_order_relaxed)) std::this_thread::yield();
  });
  ThreadStats *worker_stats = nullptr;
  while (worker_stats == nullptr) {
    std::lock_guard<std::mutex> hold(registry_lock);
    if (!registry.empty()) worker_stats = registry.front();
  }
  std::printf("%ld requests\n", worker_stats->requests);  // RACE
  report_taken.store(true, std::memory_order_relaxed);
  worker.join();
  return 0;
}
