// std::condition_variable_any with a std::shared_mutex: config watchers wait on the shared side
// until the version changes; the reloader installs a new config under the exclusive side and
// notifies. condition_variable_any sleeps on its own internal mutex and condition variable
// (inline template code plus std::condition_variable::wait in libstdc++.so), and re-locks the
// user's lock before returning.
// ARGS: -std=c++17
// EXPECT: silent
// TSAN: same
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace {
std::shared_mutex config_lock;
std::condition_variable_any config_changed;
int config_version = 1;
std::string config_text = "threads=4";
}  // namespace

int main() {
  std::vector<std::thread> watchers;
  std::vector<std::string> seen(2);
  for (int i = 0; i < 2; ++i)
    watchers.emplace_back([i, &seen] {
      std::shared_lock<std::shared_mutex> reading(config_lock);
      config_changed.wait(reading, [] { return config_version == 2; });
      seen[i] = config_text;
    });
  {
    std::unique_lock<std::shared_mutex> writing(config_lock);
    config_text = "threads=8";
    config_version = 2;
  }
  config_changed.notify_all();
  for (std::thread &watcher : watchers) watcher.join();
  std::printf("%s %s\n", seen[0].c_str(), seen[1].c_str());
  return 0;
}
