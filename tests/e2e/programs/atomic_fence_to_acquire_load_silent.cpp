// Fence-to-operation synchronization: a release fence, then a relaxed flag store, read by an
// acquire load. The fence synchronizes with the acquire load ([atomics.fences] p3), so the
// payload is ordered.
// EXPECT: silent
// TSAN: differs clang-14's TSan ignores the release fence and sees only a relaxed store, so it reports the payload accesses as a race
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
long payload;
std::atomic<int> ready{0};
}  // namespace

int main() {
  std::thread writer([] {
    payload = 5150;
    std::atomic_thread_fence(std::memory_order_release);
    ready.store(1, std::memory_order_relaxed);
  });
  while (ready.load(std::memory_order_acquire) == 0) std::this_thread::yield();
  long seen = payload;
  writer.join();
  std::printf("%ld\n", seen);
  return seen == 5150 ? 0 : 1;
}
