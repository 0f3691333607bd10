// std::thread workers update a map-like array under std::mutex, via std::lock_guard in one path
// and std::unique_lock (unlocked early, relocked) in the other.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {
std::mutex histogram_lock;
int histogram[8];
long observations;

void observe_guarded(int bucket) {
  std::lock_guard<std::mutex> hold(histogram_lock);
  histogram[bucket] += 1;
  observations += 1;
}

void observe_unique(int bucket) {
  std::unique_lock<std::mutex> hold(histogram_lock);
  histogram[bucket] += 1;
  hold.unlock();
  int local = bucket * 2;
  hold.lock();
  observations += local > -1 ? 1 : 0;
}
}  // namespace

int main() {
  std::vector<std::thread> workers;
  for (int t = 0; t < 3; ++t) {
    workers.emplace_back([t] {
      for (int i = 0; i < 1000; ++i) {
        if (t % 2 == 0) observe_guarded(i % 8);
        else observe_unique(i % 8);
      }
    });
  }
  for (std::thread &worker : workers) worker.join();
  std::printf("%ld\n", observations);
  return observations == 3000 ? 0 : 1;
}
