// std::promise / std::future: the loader writes its status code AFTER set_value, so main's read
// after get() is not ordered with it.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <future>
#include <thread>
#include <vector>

namespace {
int loader_status;
}  // namespace

int main() {
  std::promise<std::vector<int>> table_promise;
  std::future<std::vector<int>> table = table_promise.get_future();
  std::thread loader([&table_promise] {
    std::vector<int> rows;
    for (int i = 0; i < 100; ++i) rows.push_back(i * i);
    table_promise.set_value(std::move(rows));
    loader_status = 200;  // RACE
  });
  std::vector<int> rows = table.get();
  std::printf("%zu rows, status %d\n", rows.size(), loader_status);  // RACE
  loader.join();
  return 0;
}
