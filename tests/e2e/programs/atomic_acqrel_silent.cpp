// Message passing: the payload is written, then a flag stored with release; the reader loads the
// flag with acquire and then reads the payload. Release/acquire orders the payload accesses.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
int payload[4];
std::atomic<bool> published{false};
}  // namespace

int main() {
  std::thread writer([] {
    for (int i = 0; i < 4; ++i) payload[i] = (i + 1) * 11;
    published.store(true, std::memory_order_release);
  });
  while (!published.load(std::memory_order_acquire)) std::this_thread::yield();
  int sum = payload[0] + payload[1] + payload[2] + payload[3];
  writer.join();
  std::printf("%d\n", sum);
  return sum == 110 ? 0 : 1;
}
