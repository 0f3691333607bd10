// std::condition_variable_any: the reloader bumps the version under the lock and notifies, but
// sets the reload reason only after notify_all, without the lock; the watcher reads it as soon as
// it wakes up with the lock re-acquired. Nothing orders the late write with that read.
// ARGS: -std=c++17
// EXPECT: data-race
// TSAN: same
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace {
std::shared_mutex config_lock;
std::condition_variable_any config_changed;
int config_version = 1;
int reload_reason;
}  // namespace

int main() {
  std::thread watcher([] {
    std::shared_lock<std::shared_mutex> reading(config_lock);
    config_changed.wait(reading, [] { return config_version == 2; });
    std::printf("reloaded, reason %d\n", reload_reason);  // RACE
  });
  {
    std::unique_lock<std::shared_mutex> writing(config_lock);
    config_version = 2;
  }
  config_changed.notify_all();
  reload_reason = 7;  // RACE
  watcher.join();
  return 0;
}
