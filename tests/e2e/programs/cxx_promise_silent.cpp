// std::promise / std::future: a loader thread parses a table and hands it over with set_value;
// main reads it after get(). The loader also fills a side table before set_value, which main
// may read after get() as well: set_value happens before get() returns.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace {
std::vector<std::string> column_names;
}  // namespace

int main() {
  std::promise<std::vector<int>> table_promise;
  std::future<std::vector<int>> table = table_promise.get_future();
  std::thread loader([&table_promise] {
    std::vector<int> rows;
    for (int i = 0; i < 100; ++i) rows.push_back(i * i);
    column_names = {"id", "square"};
    table_promise.set_value(std::move(rows));
  });
  std::vector<int> rows = table.get();
  std::printf("%zu rows, columns %s/%s, last %d\n", rows.size(), column_names[0].c_str(),
              column_names[1].c_str(), rows.back());
  loader.join();
  return 0;
}
