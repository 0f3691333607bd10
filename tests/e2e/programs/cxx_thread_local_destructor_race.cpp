// A thread_local object's destructor, which runs as its thread exits, writes a plain global
// that main reads after seeing a relaxed flag the destructor sets: relaxed publishes nothing,
// so the destructor's write and main's read race. Accesses made by thread-exit destructors are
// the exiting thread's own and must be checked like any other.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
std::atomic<bool> flushed{false};
long flushed_total;

struct PerThreadTotal {
  long total = 0;
  ~PerThreadTotal() {
    // The destructor is the last code the thread runs.
    flushed_total = total;  // RACE
    flushed.store(true, std::memory_order_relaxed);
  }
};
thread_local PerThreadTotal per_thread_total;

void work() {
  for (int i = 0; i < 10; ++i) per_thread_total.total += i;
}
}  // namespace

int main() {
  std::thread worker(work);
  worker.detach();
  while (!flushed.load(std::memory_order_relaxed)) std::this_thread::yield();
  // Nothing orders the destructor's write before this read.
  long seen = flushed_total;  // RACE
  std::printf("%ld\n", seen);
  return 0;
}
