// Message passing with only half of the pair: the writer stores the flag with release, but the
// reader loads it relaxed. A release store synchronizes only with an acquire that reads it (or
// a relaxed read followed by an acquire fence), so the payload read is not ordered after the
// payload write even though the reader saw the flag: a race.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
int payload;
std::atomic<int> ready{0};
}  // namespace

int main() {
  std::thread writer([] {
    payload = 41;  // RACE
    ready.store(1, std::memory_order_release);
  });
  while (ready.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  int seen = payload;  // RACE
  writer.join();
  std::printf("%d\n", seen);
  return 0;
}
