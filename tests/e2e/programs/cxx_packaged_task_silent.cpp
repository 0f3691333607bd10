// std::packaged_task: a worker thread runs a queued task that summarizes a log; main gets the
// summary from the task's future. The task also appends to a shared audit trail, read by main
// after get().
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace {
struct Summary {
  int errors = 0;
  int warnings = 0;
};
std::vector<std::string> audit_trail;

Summary summarize(const std::vector<std::string> &log) {
  Summary summary;
  for (const std::string &line : log) {
    if (line.rfind("E ", 0) == 0) ++summary.errors;
    if (line.rfind("W ", 0) == 0) ++summary.warnings;
  }
  audit_trail.push_back("summarized " + std::to_string(log.size()) + " lines");
  return summary;
}
}  // namespace

int main() {
  std::vector<std::string> log = {"E disk full", "W slow", "I ok", "E timeout"};
  std::packaged_task<Summary(const std::vector<std::string> &)> task(summarize);
  std::future<Summary> summary = task.get_future();
  std::thread worker(std::move(task), std::cref(log));
  Summary result = summary.get();
  std::printf("%d errors, %d warnings; %s\n", result.errors, result.warnings,
              audit_trail.back().c_str());
  worker.join();
  return 0;
}
