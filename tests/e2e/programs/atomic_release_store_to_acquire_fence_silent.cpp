// Operation-to-fence synchronization: a release flag store, read by a relaxed load that is
// followed by an acquire fence. The release store synchronizes with the fence ([atomics.fences]
// p4), so the payload is ordered.
// EXPECT: silent
// TSAN: differs clang-14's TSan ignores the acquire fence and sees only a relaxed load, so it reports the payload accesses as a race
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
    ready.store(1, std::memory_order_release);
  });
  while (ready.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  long seen = payload;
  writer.join();
  std::printf("%ld\n", seen);
  return seen == 5150 ? 0 : 1;
}
