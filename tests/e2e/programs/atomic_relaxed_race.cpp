// Message passing done wrong: the flag is stored and loaded relaxed, which orders nothing, so the
// payload write and read race even though the reader saw the flag.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
int payload;
std::atomic<bool> published{false};
}  // namespace

int main() {
  std::thread writer([] {
    payload = 77;  // RACE
    published.store(true, std::memory_order_relaxed);
  });
  while (!published.load(std::memory_order_relaxed)) std::this_thread::yield();
  int seen = payload;  // RACE
  writer.join();
  std::printf("%d\n", seen);
  return 0;
}
