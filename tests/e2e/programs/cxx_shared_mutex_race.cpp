// std::shared_mutex: each lookup also counts itself in a plain counter while holding only the
// shared lock. Shared holders run together, so two lookups' increments are not ordered.
// ARGS: -std=c++17
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

namespace {
std::shared_mutex routes_lock;
std::map<std::string, std::string> routes = {{"/", "index"}, {"/api", "backend-1"}};
int lookups;
}  // namespace

int main() {
  std::thread request([] {
    std::shared_lock<std::shared_mutex> reading(routes_lock);
    routes.find("/api");
    ++lookups;  // RACE
  });
  {
    std::shared_lock<std::shared_mutex> reading(routes_lock);
    routes.find("/");
    ++lookups;  // RACE
  }
  request.join();
  std::printf("%d lookups\n", lookups);
  return 0;
}
