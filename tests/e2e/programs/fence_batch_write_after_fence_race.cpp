// The clock a fence's marks publish is the one the thread had at the fence: the writer fills a
// slot, makes a release fence, marks three slots ready with relaxed stores (the second and third
// share one copy of the fence's clock), and only then writes a late value. The reader that saw
// the third mark and made an acquire fence is ordered after the slot, not after the late value:
// reading it races with its write.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not model std::atomic_thread_fence and also reports the slot, which the fences order
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
long slot;
long late;
std::atomic<int> ready[3];
std::atomic<int> read_done{0};  // keeps the late write before the read: relaxed, no order
}  // namespace

int main() {
  std::thread writer([] {
    slot = 7;
    std::atomic_thread_fence(std::memory_order_release);
    for (int i = 0; i < 3; i++) ready[i].store(1, std::memory_order_relaxed);
    late = 8;  // RACE
    read_done.store(1, std::memory_order_relaxed);
  });
  while (ready[2].load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  while (read_done.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  long seen = late;  // RACE
  seen += slot;
  writer.join();
  std::printf("%ld\n", seen);
  return 0;
}
