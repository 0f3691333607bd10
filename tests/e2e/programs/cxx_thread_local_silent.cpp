// thread_local: each worker keeps per-thread statistics in a thread_local object with a
// destructor that merges them into the global totals under a mutex when the thread exits. The
// workers are detached and run one after another, so a later one may reuse an earlier one's
// stack and TLS block; a semaphore-like handshake (mutex + condition variable) tells main that
// every thread's destructor has run.
// EXPECT: silent
// TSAN: same
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {
std::mutex totals_lock;
std::condition_variable thread_finished;
long total_requests;
int threads_finished;

struct ThreadStats {
  long requests = 0;
  std::vector<std::string> recent_paths;
  ~ThreadStats() {
    std::lock_guard<std::mutex> hold(totals_lock);
    total_requests += requests;
    ++threads_finished;
    thread_finished.notify_all();
  }
};

thread_local ThreadStats stats;

void serve(int worker) {
  for (int i = 0; i < 100; ++i) {
    ++stats.requests;
    stats.recent_paths.push_back("/item/" + std::to_string(worker * 1000 + i));
    if (stats.recent_paths.size() > 8) stats.recent_paths.erase(stats.recent_paths.begin());
  }
}
}  // namespace

int main() {
  for (int worker = 0; worker < 4; ++worker) {
    std::thread(serve, worker).detach();
    std::unique_lock<std::mutex> hold(totals_lock);
    thread_finished.wait(hold, [worker] { return threads_finished == worker + 1; });
  }
  std::thread concurrent_a(serve, 10), concurrent_b(serve, 11);
  concurrent_a.join();
  concurrent_b.join();
  std::lock_guard<std::mutex> hold(totals_lock);
  std::printf("%ld requests by %d threads\n", total_requests, threads_finished);
  return 0;
}
