// A worker waits on std::condition_variable for a job main prepares, and main waits for the
// worker's answer the same way.
// EXPECT: silent
// TSAN: same
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace {
std::mutex exchange_lock;
std::condition_variable exchange_changed;
std::string job;
std::string answer;
bool job_ready = false;
bool answer_ready = false;
}  // namespace

int main() {
  std::thread worker([] {
    std::unique_lock<std::mutex> hold(exchange_lock);
    exchange_changed.wait(hold, [] { return job_ready; });
    answer = "done: " + job;
    answer_ready = true;
    hold.unlock();
    exchange_changed.notify_all();
  });
  {
    std::lock_guard<std::mutex> hold(exchange_lock);
    job = "resize images";
    job_ready = true;
  }
  exchange_changed.notify_all();
  std::unique_lock<std::mutex> hold(exchange_lock);
  exchange_changed.wait(hold, [] { return answer_ready; });
  std::printf("%s\n", answer.c_str());
  hold.unlock();
  worker.join();
  return 0;
}
