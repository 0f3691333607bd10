// Interlock's own annotations (interlock/annotations.h), from C++: a hand-off through a relaxed
// flag annotated INTERLOCK_HAPPENS_BEFORE/AFTER, statistics declared INTERLOCK_BENIGN_RACE, and a
// lock of the program's own making annotated INTERLOCK_LOCK_*. Nothing is reported.
// EXPECT: silent
// PRINTS: total 2000
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

#include "../../../include/interlock/annotations.h"

namespace {

class SpinLock {
 public:
  SpinLock() { INTERLOCK_LOCK_CREATE(this); }
  ~SpinLock() { INTERLOCK_LOCK_DESTROY(this); }
  void lock() {
    while (locked_.exchange(true, std::memory_order_relaxed)) std::this_thread::yield();
    INTERLOCK_LOCK_ACQUIRED(this);
  }
  void unlock() {
    INTERLOCK_LOCK_RELEASED(this);
    locked_.store(false, std::memory_order_relaxed);
  }

 private:
  std::atomic<bool> locked_{false};
};

struct Stats {
  long calls = 0;
};

int config;
std::atomic<bool> config_ready{false};
Stats stats;
int total;

void worker(SpinLock *lock) {
  while (!config_ready.load(std::memory_order_relaxed)) std::this_thread::yield();
  INTERLOCK_HAPPENS_AFTER(&config_ready);
  for (int i = 0; i < 1000; i++) {
    stats.calls++;
    lock->lock();
    total += config;
    lock->unlock();
  }
}

}  // namespace

int main() {
  INTERLOCK_BENIGN_RACE(&stats, sizeof stats, "call counts may be approximate");
  SpinLock lock;
  std::thread a(worker, &lock), b(worker, &lock);
  config = 1;
  INTERLOCK_HAPPENS_BEFORE(&config_ready);
  config_ready.store(true, std::memory_order_relaxed);
  a.join();
  b.join();
  std::printf("total %d\n", total);
  return 0;
}
