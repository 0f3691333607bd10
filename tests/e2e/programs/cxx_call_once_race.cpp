// std::call_once: the settings are loaded once, but each caller also bumps a plain lookup
// counter outside the once-routine: call_once orders the routine, not what callers do after it.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace {
std::once_flag settings_loaded;
std::map<std::string, int> settings;
int lookups;

void load_settings() {
  settings["max_connections"] = 64;
  settings["timeout_ms"] = 2500;
}
}  // namespace

int main() {
  int connections = 0;
  std::thread handler([&connections] {
    std::call_once(settings_loaded, load_settings);
    connections = settings.at("max_connections");
    ++lookups;  // RACE
  });
  std::call_once(settings_loaded, load_settings);
  int timeout = settings.at("timeout_ms");
  ++lookups;  // RACE
  handler.join();
  std::printf("%d %d %d\n", connections, timeout, lookups);
  return 0;
}
