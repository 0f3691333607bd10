// A reader thread still reads a configuration object that main deletes to replace it: nothing
// orders the read with the delete (the pointer is swapped with relaxed atomics), so the delete,
// a write of the block, races with the read.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Config {
  long timeout_ms;
  long retries;
};

std::atomic<Config *> active{nullptr};
std::atomic<bool> reader_started{false};
long observed;

void read_config() {
  Config *config = active.load(std::memory_order_relaxed);
  observed = config->timeout_ms;  // RACE
  reader_started.store(true, std::memory_order_relaxed);
}
}  // namespace

int main() {
  active.store(new Config{250, 3}, std::memory_order_relaxed);
  std::thread reader(read_config);
  while (!reader_started.load(std::memory_order_relaxed)) std::this_thread::yield();
  Config *old = active.exchange(new Config{500, 5}, std::memory_order_relaxed);
  delete old;  // RACE
  reader.join();
  std::printf("%ld\n", observed);
  delete active.load();
  return 0;
}
