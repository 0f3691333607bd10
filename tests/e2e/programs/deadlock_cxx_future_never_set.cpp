// A request handler takes a std::promise for its reply and drops the request on a validation
// error without setting a value; the promise lives on in the request table, so the future is
// never made ready (no broken_promise either) and the caller's get() blocks forever in
// libstdc++'s futex wait (__atomic_futex_unsigned, inside libstdc++.so). Interlock reports the
// hang after deadlock_timeout_ms and ends the program with status 67.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <future>
#include <thread>
#include <vector>

std::vector<std::promise<int>> pending_replies(1);

static void handle(int request) {
  if (request < 0) return;  // rejected: forgets pending_replies[0].set_value()
  pending_replies[0].set_value(request * 2);
}

int main() {
  std::future<int> reply = pending_replies[0].get_future();
  std::thread handler(handle, -1);
  handler.join();
  std::shared_future<int> shared = reply.share();
  std::thread reader([shared] { shared.wait(); });  // DEADLOCK
  reader.detach();
  return shared.get();  // DEADLOCK main and the reader both wait on the shared state
}
