// A std::condition_variable's own memory: the notifier sets the flag under the mutex, unlocks,
// and only then notifies; the waiter sees the flag and deletes the object holding the condition
// variable. Nothing orders the notify before the delete (the waiter sleeps so that, in real
// time, the notify comes first): the condition variable's destruction (pthread_cond_destroy,
// called by ~condition_variable in libstdc++.so, at the implicit ~Completion's line) races with
// the notify, and so does the free of the block.
// EXPECT: data-race 16 27
// EXPECT: data-race 27 38
// TSAN: differs clang-14's TSan reports the destructor's pthread_cond_destroy against the notify only: one race per address, the free is not reported
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

struct Completion {  // RACE
  std::mutex lock;
  std::condition_variable changed;
  bool done = false;
};

static void notify_done(Completion *completion) {
  {
    std::lock_guard<std::mutex> guard(completion->lock);
    completion->done = true;
  }
  completion->changed.notify_one();  // RACE
}

int main() {
  auto *completion = new Completion;
  std::thread notifier(notify_done, completion);
  {
    std::unique_lock<std::mutex> guard(completion->lock);
    completion->changed.wait(guard, [completion] { return completion->done; });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  delete completion;  // RACE
  notifier.join();
  std::puts("done");
  return 0;
}
