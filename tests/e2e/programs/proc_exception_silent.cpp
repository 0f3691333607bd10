// Exceptions thrown through instrumented frames, many times, with locks taken by RAII guards
// in the frames being unwound: the guards' unlocks on the unwinding path must be modelled (no
// lock stays "held", so the worker's locked accesses do not race with main's locked ones).
// EXPECT: silent
// TSAN: same
// PRINTS: caught 1000
#include <mutex>
#include <stdexcept>
#include <thread>
#include <cstdio>

std::mutex ledger_lock;
long ledger;

__attribute__((noinline)) void post_entry(int amount) {
  std::lock_guard<std::mutex> guard(ledger_lock);
  ledger += amount;
  if (amount % 2) throw std::invalid_argument("odd amount");
}
__attribute__((noinline)) void post_via_layer(int amount) { post_entry(amount); }

int main() {
  std::thread auditor([] {
    for (int i = 0; i < 1000; ++i) {
      std::lock_guard<std::mutex> guard(ledger_lock);
      ledger -= 1;
    }
  });
  int caught = 0;
  for (int amount = 0; amount < 2000; ++amount) {
    try {
      post_via_layer(amount);
    } catch (const std::invalid_argument &) {
      ++caught;
    }
  }
  auditor.join();
  std::printf("caught %d, ledger %ld\n", caught, ledger);
  return 0;
}
