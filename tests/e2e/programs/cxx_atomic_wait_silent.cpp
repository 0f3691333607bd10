// C++20 atomic wait/notify: the decoder publishes a frame by storing the state with release and
// notify_one(); the display thread blocks in wait() until the state changes and then reads the
// frame. Then the roles swap to hand the buffer back.
// ARGS: -std=c++20
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

namespace {
enum State : int { kEmpty, kFull };
std::atomic<int> buffer_state{kEmpty};
std::vector<int> frame;
}  // namespace

int main() {
  std::thread display([] {
    long shown = 0;
    for (int round = 0; round < 20; ++round) {
      buffer_state.wait(kEmpty, std::memory_order_acquire);
      for (int pixel : frame) shown += pixel;
      frame.clear();
      buffer_state.store(kEmpty, std::memory_order_release);
      buffer_state.notify_one();
    }
    std::printf("%ld\n", shown);
  });
  for (int round = 0; round < 20; ++round) {
    for (int pixel = 0; pixel < 100; ++pixel) frame.push_back(pixel + round);
    buffer_state.store(kFull, std::memory_order_release);
    buffer_state.notify_one();
    buffer_state.wait(kFull, std::memory_order_acquire);
  }
  display.join();
  return 0;
}
