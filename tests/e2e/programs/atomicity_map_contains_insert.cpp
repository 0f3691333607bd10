// A map with locked contains() and insert(): `if (!m.contains(k)) m.insert(k, v);` is two
// critical sections. T2 inserts the same key in between, and T1's insert overwrites T2's value:
// a check-then-act lost update, though every access holds the lock.
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

class SmallMap {
 public:
  bool contains(int key) {
    std::lock_guard<std::mutex> guard(mutex_);
    return values_[key] != 0;  // LOST
  }
  void insert(int key, int value) {
    std::lock_guard<std::mutex> guard(mutex_);
    values_[key] = value;  // LOST x2
  }
  int at(int key) {
    std::lock_guard<std::mutex> guard(mutex_);
    return values_[key];
  }

 private:
  std::mutex mutex_;
  int values_[16] = {};
};

static SmallMap map;
static std::atomic<int> t1_checked{0}, t2_done{0};  // a schedule, not synchronization: relaxed

int main() {
  std::thread t1([] {
    if (!map.contains(3)) {
      t1_checked.store(1, std::memory_order_relaxed);
      while (!t2_done.load(std::memory_order_relaxed)) std::this_thread::yield();
      map.insert(3, 100);
    }
  });
  std::thread t2([] {
    while (!t1_checked.load(std::memory_order_relaxed)) std::this_thread::yield();
    map.insert(3, 200);
    t2_done.store(1, std::memory_order_relaxed);
  });
  t1.join();
  t2.join();
  std::printf("map[3] = %d\n", map.at(3));
  return 0;
}
