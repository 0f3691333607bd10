// Optimistic concurrency with compare-and-swap, fixed (twin of optimistic_cas_racy.cpp).
//
// Deposits never take a lock: each reads the current account snapshot, builds the next one and
// installs it with a compare-exchange, retrying on top of the winner if another deposit got in
// first. The successful CAS releases (everything written into the new snapshot is published
// with it) and every load of the pointer acquires, so a thread reading another thread's
// snapshot sees its fields filled in: no race, and no lock.
// EXPECT: silent
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
  Snapshot *seen = current.load(std::memory_order_acquire);
  for (;;) {
    auto *next = new Snapshot{seen->balance + amount, seen->version + 1};
    if (current.compare_exchange_weak(seen, next, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
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
