// std::shared_timed_mutex: a metrics reader takes the shared side with try_lock_shared_for and
// skips a round when it times out; the collector updates the totals under try_lock_for, retrying
// until it gets the lock.
// EXPECT: silent
// TSAN: differs clang-14 TSan does not intercept pthread_rwlock_clockrdlock/clockwrlock, which libstdc++ 12 calls for try_lock_shared_for/try_lock_for (steady clock), so it misses those acquisitions and reports the reader and the collector as racing
#include <chrono>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace {
std::shared_timed_mutex metrics_lock;
long requests_total;
long errors_total;
}  // namespace

int main() {
  std::thread reader([] {
    long snapshots = 0;
    for (int round = 0; round < 100; ++round) {
      std::shared_lock<std::shared_timed_mutex> reading(metrics_lock, std::defer_lock);
      if (!reading.try_lock_for(std::chrono::milliseconds(10))) continue;
      if (requests_total >= errors_total) ++snapshots;
    }
    std::printf("%ld snapshots\n", snapshots);
  });
  for (int batch = 0; batch < 100; ++batch) {
    std::unique_lock<std::shared_timed_mutex> writing(metrics_lock, std::defer_lock);
    while (!writing.try_lock_for(std::chrono::milliseconds(10))) {
    }
    requests_total += 10;
    errors_total += batch % 3 == 0;
  }
  reader.join();
  std::printf("%ld/%ld\n", errors_total, requests_total);
  return 0;
}
