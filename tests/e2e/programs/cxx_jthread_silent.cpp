// std::jthread and std::stop_token: main records why it shuts down, then requests the stop; the
// render loop reads the reason once it sees stop_requested(). request_stop() publishes and
// stop_requested() observes with acquire, so the reason is ordered. The jthread's destructor
// joins, which orders the frame count.
// ARGS: -std=c++20
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <stop_token>
#include <string>
#include <thread>

namespace {
std::string shutdown_reason;
int frames_rendered;
std::string last_log_line;
}  // namespace

int main() {
  {
    std::jthread renderer([](std::stop_token stop) {
      while (!stop.stop_requested()) {
        ++frames_rendered;
        std::this_thread::yield();
      }
      last_log_line = "renderer stopped: " + shutdown_reason;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    shutdown_reason = "window closed";
    renderer.request_stop();
  }
  std::printf("%s after %s frames\n", last_log_line.c_str(), frames_rendered > 0 ? "some" : "no");
  return 0;
}
