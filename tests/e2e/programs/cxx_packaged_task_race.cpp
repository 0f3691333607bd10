// std::packaged_task: the task bumps a plain "tasks run" counter, and main bumps it too before
// waiting on the task's future: the two increments are not ordered.
// EXPECT: data-race
// TSAN: differs clang-14's TSan misses this race in about a quarter of runs (5 of 20 observed) when the two increments run close together; with a delay before either one it is always found
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace {
int tasks_run;

int count_errors(const std::vector<std::string> &log) {
  int errors = 0;
  for (const std::string &line : log)
    if (line.rfind("E ", 0) == 0) ++errors;
  ++tasks_run;  // RACE
  return errors;
}
}  // namespace

int main() {
  std::vector<std::string> log = {"E disk full", "W slow", "I ok", "E timeout"};
  std::packaged_task<int(const std::vector<std::string> &)> task(count_errors);
  std::future<int> errors = task.get_future();
  std::thread worker(std::move(task), std::cref(log));
  ++tasks_run;  // RACE
  std::printf("%d errors\n", errors.get());
  worker.join();
  return 0;
}
