// Peterson's mutual exclusion built from sequentially consistent atomics (Dekker-style flags
// plus a turn variable) guards a plain counter. Seq_cst is what makes it correct: each thread's
// flag store must be visible before it reads the other's flag. Every exit from the wait loop
// reads a value stored by the other thread's unlock or by its later turn store (or the initial
// value, before its first lock), each release-ordered after its previous critical section, so
// the counter updates are ordered.
// EXPECT: silent
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
  wants[me].store(true);
  turn.store(other);
  while (wants[other].load() && turn.load() == other) std::this_thread::yield();
}

void unlock(int me) { wants[me].store(false); }

void add(int me) {
  for (int i = 0; i < 1500; ++i) {
    lock(me);
    total += 1;
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
  return total == 3000 ? 0 : 1;
}
