// Peterson's mutual exclusion with every flag and turn access relaxed. Relaxed atomics order
// nothing between threads (and on x86 the store-load reordering even breaks the exclusion), so
// the counter updates of the two threads are not ordered: a race on the counter.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
std::atomic<bool> wants[2];
std::atomic<int> turn{0};
long total;

void lock(int me) {
  const int other = 1 - me;
  wants[me].store(true, std::memory_order_relaxed);
  turn.store(other, std::memory_order_relaxed);
  while (wants[other].load(std::memory_order_relaxed) &&
         turn.load(std::memory_order_relaxed) == other)
    std::this_thread::yield();
}

void unlock(int me) { wants[me].store(false, std::memory_order_relaxed); }

void add(int me) {
  for (int i = 0; i < 1500; ++i) {
    lock(me);
    total += 1;  // RACE x2
    unlock(me);
  }
}
}  // namespace

int main() {
  std::thread first(add, 0);
  std::thread second(add, 1);
  first.join();
  second.join();
  std::printf("%ld\n", total);
  return 0;
}
