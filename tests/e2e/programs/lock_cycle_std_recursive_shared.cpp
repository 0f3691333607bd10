// A cycle through the other standard mutex types: T1 holds a std::recursive_mutex and takes a
// std::shared_mutex exclusively; T2 (run afterwards) holds the shared_mutex exclusively and takes
// the recursive_mutex.
// EXPECT: lock-order-cycle
// TSAN: same
// ARGS: -std=c++17
#include <mutex>
#include <shared_mutex>
#include <thread>

std::recursive_mutex settings_lock;
std::shared_mutex cache_lock;
int settings, cache;

int main() {
  std::thread writer([] {
    std::lock_guard<std::recursive_mutex> hold_settings(settings_lock);
    std::unique_lock<std::shared_mutex> hold_cache(cache_lock);  // CYCLE
    cache = ++settings;
  });
  writer.join();
  std::thread refresher([] {
    std::unique_lock<std::shared_mutex> hold_cache(cache_lock);
    std::lock_guard<std::recursive_mutex> hold_settings(settings_lock);  // CYCLE
    settings = cache;
  });
  refresher.join();
  return settings == 1 ? 0 : 1;
}
