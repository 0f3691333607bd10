// A worker hands an exception to main as a std::exception_ptr under a mutex, then, after the
// hand-off, changes the exception object's error code through its own pointer, and keeps that
// pointer until main says (with a relaxed flag, which orders nothing) that it is done. Main reads
// the code after taking the pointer under the same mutex: the worker's later write is not
// ordered with that read. The exception object is shared memory like any other.
// Main keeps its exception_ptr until the worker has been joined: dropping it earlier is an
// acq_rel decrement of the exception's reference count, and when the worker's own decrement
// (the by-value argument of rethrow_exception, destroyed as the throw leaves the call) reads
// main's, main's read happens before the worker's write and there is no race in that run.
// EXPECT: data-race
// TSAN: same
#include <atomic>
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
std::atomic<bool> main_done{false};
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
    try {
      std::rethrow_exception(mine);
    } catch (Failure &failure) {
      // Too late: the exception is already in main's hands.
      failure.code = 8;  // RACE
    }
    while (!main_done.load(std::memory_order_relaxed)) std::this_thread::yield();
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
    code = failure.code;  // RACE
  }
  main_done.store(true, std::memory_order_relaxed);
  worker.join();
  received = nullptr;
  std::printf("code %d\n", code);
  return 0;
}
