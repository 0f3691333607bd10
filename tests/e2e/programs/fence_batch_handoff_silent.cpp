// A batch handed over with one fence: the writer fills four slots, makes one release fence and
// marks each slot ready with a relaxed store (a lock-free queue marking a batch of elements). The
// reader waits for the last mark, makes an acquire fence and reads every slot. The fence orders
// all four (C++ [atomics.fences]); the marks after the first share one copy of the fence's clock
// (vector_clock.h's snapshots), which must carry it as a copy would.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model std::atomic_thread_fence and reports the slots when the reader sees the mark before the writer's thread ends
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
long slots[4];
std::atomic<int> ready[4];
}  // namespace

int main() {
  std::thread writer([] {
    for (int i = 0; i < 4; i++) slots[i] = 100 + i;
    std::atomic_thread_fence(std::memory_order_release);
    for (int i = 0; i < 4; i++) ready[i].store(1, std::memory_order_relaxed);
  });
  while (ready[3].load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  long sum = 0;
  for (int i = 0; i < 4; i++) sum += slots[i];
  writer.join();
  std::printf("%ld\n", sum);
  return sum == 406 ? 0 : 1;
}
