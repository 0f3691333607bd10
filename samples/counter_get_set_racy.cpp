// A counter whose get() and set() each lock its mutex: `int v = c.get(); c.set(v + 1);` is two
// critical sections. T1 reads 0, T2 increments to 1 meanwhile, T1 writes back 1: T2's increment
// is lost. No data race (every access holds the lock), but a lost update: the write depends on
// the read (the plugin sees v + 1 flow from get() into set()).
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

class Counter {
 public:
  int get() {
    std::lock_guard<std::mutex> guard(mutex_);
    return value_;  // LOST
  }
  void set(int v) {
    std::lock_guard<std::mutex> guard(mutex_);
    value_ = v;  // LOST x2
  }

 private:
  std::mutex mutex_;
  int value_ = 0;
};

static Counter counter;
static std::atomic<int> t1_read{0}, t2_done{0};  // a schedule, not synchronization: relaxed

static void increment() {
  int v = counter.get();
  counter.set(v + 1);
}

int main() {
  std::thread t1([] {
    int v = counter.get();
    t1_read.store(1, std::memory_order_relaxed);
    while (!t2_done.load(std::memory_order_relaxed)) std::this_thread::yield();
    counter.set(v + 1);
  });
  std::thread t2([] {
    while (!t1_read.load(std::memory_order_relaxed)) std::this_thread::yield();
    increment();
    t2_done.store(1, std::memory_order_relaxed);
  });
  t1.join();
  t2.join();
  std::printf("%d (2 increments)\n", counter.get());
  return 0;
}
