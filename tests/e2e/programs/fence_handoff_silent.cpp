// Message passing with standalone fences: release fence before a relaxed flag store, acquire
// fence after the relaxed flag load that saw it. The fences order the payload
// (C++ [atomics.fences]).
// EXPECT: silent
// TSAN: differs clang-14's TSan does not model std::atomic_thread_fence and reports the payload when the reader sees the flag before the writer's thread ends
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
long payload;
std::atomic<int> ready{0};
}  // namespace

int main() {
  std::thread writer([] {
    payload = 123456;
    std::atomic_thread_fence(std::memory_order_release);
    ready.store(1, std::memory_order_relaxed);
  });
  while (ready.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  long seen = payload;
  writer.join();
  std::printf("%ld\n", seen);
  return seen == 123456 ? 0 : 1;
}
