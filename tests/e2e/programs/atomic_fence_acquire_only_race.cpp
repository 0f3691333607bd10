// A fence handoff with the writer's half missing: the reader has an acquire fence after its
// relaxed flag load, but the writer stored the flag relaxed with no release fence before it.
// An acquire fence takes only what a release (operation or fence) published: the payload
// accesses race.
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
    ready.store(1, std::memory_order_relaxed);
  });
  while (ready.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  long seen = payload;  // RACE
  writer.join();
  std::printf("%ld\n", seen);
  return 0;
}
