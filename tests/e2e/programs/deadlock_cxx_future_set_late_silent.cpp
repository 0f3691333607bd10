// The twin of deadlock_cxx_future_never_set.cpp: the handler does set the reply, after longer
// than deadlock_timeout_ms, and a std::async result comes late too. The handler sleeps, it is
// not blocked, so Interlock stays silent.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: silent
// TSAN: same
#include <chrono>
#include <future>
#include <thread>

static void handle(std::promise<int> reply, int request) {
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  reply.set_value(request * 2);
}

int main() {
  std::promise<int> reply;
  std::future<int> result = reply.get_future();
  std::thread handler(handle, std::move(reply), 21);
  std::shared_future<int> shared = result.share();
  const int value = shared.get();
  handler.join();
  std::future<int> later = std::async(std::launch::async, [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return 1;
  });
  return value == 42 && later.get() == 1 ? 0 : 1;
}
