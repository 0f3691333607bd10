// Optimistic concurrency with compare-and-swap: deposits never take a lock. Each one reads the
// current account snapshot, builds a new snapshot with the new balance, and installs it with a
// compare-exchange, retrying if another deposit got in first.
//
// The bug: the compare-exchange and the load use memory_order_relaxed. The CAS decides which
// snapshot wins, but relaxed publishes nothing: a thread that loads another thread's snapshot
// reads its fields with nothing ordering the writes that filled them in (two races: `balance`
// and `version`).
//
// The fix (optimistic_cas_fixed.cpp): release on the successful CAS, acquire on every load.
// EXPECT: data-race 32 32
// EXPECT: data-race 32 32
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

namespace {
struct Snapshot {
  long balance;
  long version;
};

std::atomic<Snapshot *> current{new Snapshot{0, 0}};

// Snapshots replaced by this thread; freed after the threads are joined (nobody reads them then).
void deposit(long amount, std::vector<Snapshot *> &replaced) {
  Snapshot *seen = current.load(std::memory_order_relaxed);
  for (;;) {
    // Reads a snapshot another thread may have built, and builds the next one.
    auto *next = new Snapshot{seen->balance + amount, seen->version + 1};  // RACE
    if (current.compare_exchange_weak(seen, next, std::memory_order_relaxed)) {
      replaced.push_back(seen);
      return;
    }
    delete next;  // lost the race: `seen` now holds the winner, try again on top of it
  }
}
}  // namespace

int main() {
  std::vector<Snapshot *> replaced_a, replaced_b;
  std::thread a([&] { for (int i = 0; i < 1000; ++i) deposit(1, replaced_a); });
  std::thread b([&] { for (int i = 0; i < 1000; ++i) deposit(2, replaced_b); });
  a.join();
  b.join();
  Snapshot *last = current.load();
  std::printf("balance %ld after %ld deposits\n", last->balance, last->version);
  for (Snapshot *s : replaced_a) delete s;
  for (Snapshot *s : replaced_b) delete s;
  delete last;
  return 0;
}
