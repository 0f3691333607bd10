// std::jthread and std::stop_token: main fills in the shutdown reason only AFTER request_stop(),
// so the renderer, which reads it as soon as it sees the stop, is not ordered with the write.
// ARGS: -std=c++20
// EXPECT: data-race
// TSAN: differs clang-14's TSan misses this race in most runs when the machine is idle (19 of 20 observed; it was found under load), though nothing orders the read after the write
#include <cstdio>
#include <stop_token>
#include <thread>

namespace {
int shutdown_code;
int reported_code;
}  // namespace

int main() {
  {
    std::jthread renderer([](std::stop_token stop) {
      while (!stop.stop_requested()) std::this_thread::yield();
      reported_code = shutdown_code;  // RACE
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    renderer.request_stop();
    shutdown_code = 3;  // RACE
  }
  std::printf("renderer stopped with code %d\n", reported_code);
  return 0;
}
