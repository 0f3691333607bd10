// C++20 atomic wait/notify: the decoder stamps the frame's timestamp after notify_one(); the
// display thread reads it once wait() returns. Only what precedes the release store is ordered.
// ARGS: -std=c++20
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
std::atomic<int> buffer_state{0};
int frame_pixels;
long frame_timestamp;
}  // namespace

int main() {
  std::thread display([] {
    buffer_state.wait(0, std::memory_order_acquire);
    std::printf("%d pixels at %ld\n", frame_pixels, frame_timestamp);  // RACE
  });
  frame_pixels = 640 * 480;
  buffer_state.store(1, std::memory_order_release);
  buffer_state.notify_one();
  frame_timestamp = 1700000000;  // RACE
  display.join();
  return 0;
}
