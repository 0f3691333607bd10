// std::shared_mutex: request threads look routes up under a shared_lock while an admin thread
// replaces a route under a unique_lock. Readers run together; the writer excludes them.
// ARGS: -std=c++17
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace {
std::shared_mutex routes_lock;
std::map<std::string, std::string> routes = {{"/", "index"}, {"/api", "backend-1"}};

std::string route_for(const std::string &path) {
  std::shared_lock<std::shared_mutex> reading(routes_lock);
  auto found = routes.find(path);
  return found == routes.end() ? "404" : found->second;
}
}  // namespace

int main() {
  std::vector<std::thread> requests;
  for (int i = 0; i < 2; ++i)
    requests.emplace_back([] {
      for (int n = 0; n < 200; ++n) route_for(n % 2 ? "/api" : "/");
    });
  {
    std::unique_lock<std::shared_mutex> writing(routes_lock);
    routes["/api"] = "backend-2";
  }
  for (std::thread &request : requests) request.join();
  std::printf("%s\n", route_for("/api").c_str());
  return 0;
}
