// A fence handoff with the reader's half missing: the writer has a release fence before its
// relaxed flag store, but the reader's relaxed flag load is not followed by an acquire fence.
// A release fence synchronizes only with an acquire operation or an acquire fence, so the
// payload read is not ordered after the write: a race.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
long payload;
std::atomic<int> ready{0};
}  // namespace

int main() {
  std::thread writer([] {
    payload = 99;  // RACE
    std::atomic_thread_fence(std::memory_order_release);
    ready.store(1, std::memory_order_relaxed);
  });
  while (ready.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  long seen = payload;  // RACE
  writer.join();
  std::printf("%ld\n", seen);
  return 0;
}
