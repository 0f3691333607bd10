// The fixed twin of counter_get_set_racy.cpp: the counter increments under one lock
// (increment() reads and writes in one critical section), so T2's increment is never lost; and
// a set() of a value that does not come from the get() (a reset) is no lost update either.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

class Counter {
 public:
  int get() {
    std::lock_guard<std::mutex> guard(mutex_);
    return value_;
  }
  void set(int v) {
    std::lock_guard<std::mutex> guard(mutex_);
    value_ = v;
  }
  void increment() {
    std::lock_guard<std::mutex> guard(mutex_);
    value_ = value_ + 1;
  }

 private:
  std::mutex mutex_;
  int value_ = 0;
};

static Counter counter;
static std::atomic<int> t1_read{0}, t2_done{0};  // a schedule, not synchronization: relaxed

int main() {
  std::thread t1([] {
    counter.increment();
    int seen = counter.get();
    t1_read.store(1, std::memory_order_relaxed);
    while (!t2_done.load(std::memory_order_relaxed)) std::this_thread::yield();
    std::printf("seen %d before the reset\n", seen);
    counter.set(0);  // a reset: does not depend on what was read
    counter.increment();
  });
  std::thread t2([] {
    while (!t1_read.load(std::memory_order_relaxed)) std::this_thread::yield();
    counter.increment();
    t2_done.store(1, std::memory_order_relaxed);
  });
  t1.join();
  t2.join();
  std::printf("%d\n", counter.get());
  return 0;
}
