// A std::condition_variable's own memory: the notifier sets the flag under the mutex, unlocks,
// and only then notifies; the waiter sees the flag and deletes the object holding the condition
// variable. Nothing orders the notify before the delete (the waiter waits for a relaxed flag,
// which orders nothing, so that the notify comes first in real time): the condition variable's destruction (pthread_cond_destroy,
// called by ~condition_variable in libstdc++.so, at the implicit ~Completion's line) races with
// the notify, and so does the free of the block.
// EXPECT: data-race :first
// EXPECT: data-race :second
// TSAN: differs clang-14's TSan reports the destructor's pthread_cond_destroy against the notify only: one race per address, the free is not reported
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

struct Completion {  // RACE:first
  std::mutex lock;
  std::condition_variable changed;
  bool done = false;
};

static std::atomic<bool> notified{false};

static void notify_done(Completion *completion) {
  {
    std::lock_guard<std::mutex> guard(completion->lock);
    completion->done = true;
  }
  completion->changed.notify_one();  // RACE:first RACE:second
  notified.store(true, std::memory_order_relaxed);
}

int main() {
  auto *completion = new Completion;
  std::thread notifier(notify_done, completion);
  {
    std::unique_lock<std::mutex> guard(completion->lock);
    completion->changed.wait(guard, [completion] { return completion->done; });
  }
  while (!notified.load(std::memory_order_relaxed))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  delete completion;  // RACE:second
  notifier.join();
  std::puts("done");
  return 0;
}
