// A detached worker fills a result, and its thread_local guard's destructor (run as the thread
// exits, after the worker's function returned) publishes "done" under a mutex; main waits for
// "done" under the same mutex and reads the result. The mutex orders the worker's write before
// main's read although no join does: silent. The destructor runs inside the thread, so its lock
// and unlock are the thread's own synchronization.
// EXPECT: silent
// TSAN: same
// PRINTS: result 4950
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace {
std::mutex done_lock;
std::condition_variable done_changed;
bool done;
long result;

struct AnnounceOnExit {
  ~AnnounceOnExit() {
    std::lock_guard<std::mutex> hold(done_lock);
    done = true;
    done_changed.notify_all();
  }
};
thread_local AnnounceOnExit announce_on_exit;

void work() {
  (void)&announce_on_exit;  // constructs the guard in this thread
  long sum = 0;
  for (int i = 0; i < 100; ++i) sum += i;
  result = sum;
}
}  // namespace

int main() {
  std::thread(work).detach();
  std::unique_lock<std::mutex> hold(done_lock);
  done_changed.wait(hold, [] { return done; });
  std::printf("result %ld\n", result);
  return 0;
}
