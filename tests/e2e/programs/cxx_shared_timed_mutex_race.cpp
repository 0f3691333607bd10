// std::shared_timed_mutex: the collector updates the totals holding only the shared side (taken
// with try_lock_shared_for), which does not exclude the reader's shared side.
// EXPECT: data-race
// TSAN: same
#include <chrono>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace {
std::shared_timed_mutex metrics_lock;
long requests_total;
}  // namespace

int main() {
  std::thread reader([] {
    std::shared_lock<std::shared_timed_mutex> reading(metrics_lock, std::defer_lock);
    while (!reading.try_lock_for(std::chrono::milliseconds(10))) {
    }
    std::printf("%ld requests\n", requests_total);  // RACE
  });
  {
    std::shared_lock<std::shared_timed_mutex> wrongly_shared(metrics_lock, std::defer_lock);
    while (!wrongly_shared.try_lock_for(std::chrono::milliseconds(10))) {
    }
    requests_total += 10;  // RACE
  }
  reader.join();
  return 0;
}
