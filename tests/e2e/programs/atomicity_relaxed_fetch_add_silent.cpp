// Two consumers count what they took with a relaxed fetch_add, and loop while a relaxed load of
// the count says more is due: the shape of bench/real's concurrentqueue driver (whose dequeues release, as the
// stores to `progress` do here). The fetch_add's
// write is atomic with its own read, so the other consumer's fetch_add between the load and it
// loses nothing: a read-modify-write is never the write of a lost update, relaxed or not (the
// relaxed path once recorded it as a plain atomic store). Silent.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <atomic>
#include <cstdio>
#include <thread>

static std::atomic<unsigned long> taken{0};
static std::atomic<int> started{0};  // a schedule, not synchronization: relaxed
static std::atomic<int> progress[2];  // release stores: each round is a new epoch of its thread

static void consume(int index) {
  started.fetch_add(1, std::memory_order_relaxed);
  while (started.load(std::memory_order_relaxed) < 2) std::this_thread::yield();
  while (taken.load(std::memory_order_relaxed) < 20000) {
    unsigned long got = 1 + (taken.load(std::memory_order_relaxed) & 1);
    std::this_thread::yield();
    taken.fetch_add(got, std::memory_order_relaxed);
    progress[index].store(int(got), std::memory_order_release);
  }
}

int main() {
  std::thread a(consume, 0), b(consume, 1);
  a.join();
  b.join();
  std::printf("took %lu\n", taken.load());
  return 0;
}
