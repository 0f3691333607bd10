// std::call_once: two request handlers look up settings in a cache that the first of them fills
// through call_once. Everything the loader wrote happens before every call_once that returns,
// including the one that waited and the ones that found it done.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace {
std::once_flag settings_loaded;
std::map<std::string, int> settings;

int setting(const std::string &name) {
  std::call_once(settings_loaded, [] {
    settings["max_connections"] = 64;
    settings["timeout_ms"] = 2500;
  });
  return settings.at(name);
}
}  // namespace

int main() {
  int connections = 0, timeout = 0;
  std::thread handler([&connections] { connections = setting("max_connections"); });
  timeout = setting("timeout_ms");
  handler.join();
  std::printf("%d %d\n", connections, timeout);
  return 0;
}
