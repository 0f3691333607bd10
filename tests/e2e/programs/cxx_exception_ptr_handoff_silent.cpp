// A worker catches an exception and hands it to main as a std::exception_ptr under a mutex;
// main rethrows it and reads the error code, then drops its pointer. The worker drops its own
// pointer later, and being the last owner, frees the exception object. The reference count that
// decides this lives in libstdc++.so; its decrements order each owner's accesses before the
// free, so the free races with nothing.
// EXPECT: silent
// TSAN: differs clang-14's TSan does not see the count's atomics inside libstdc++.so and reports the worker's free of the exception object as racing with main's read
// PRINTS: code 7
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace {
struct Failure : std::runtime_error {
  explicit Failure(int failure_code) : std::runtime_error("failed"), code(failure_code) {}
  int code;
};

std::mutex handoff_lock;
std::exception_ptr handed_over;
}  // namespace

int main() {
  std::thread worker([] {
    std::exception_ptr mine;
    try {
      throw Failure(7);
    } catch (...) {
      mine = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> hold(handoff_lock);
      handed_over = mine;
    }
    // Main is done with the exception by now; this thread's pointer is the last one.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  });
  std::exception_ptr received;
  while (!received) {
    std::lock_guard<std::mutex> hold(handoff_lock);
    received = handed_over;
    handed_over = nullptr;
  }
  int code = 0;
  try {
    std::rethrow_exception(received);
  } catch (const Failure &failure) {
    code = failure.code;
  }
  received = nullptr;
  worker.join();
  std::printf("code %d\n", code);
  return 0;
}
