// Check-then-act across co_await: each withdrawal checks the balance, suspends (an async fraud
// check), and then withdraws. Both coroutines pass the check on the same balance of 100, and
// the account ends at -50. The act depends on the check (control dependence through the
// suspension), and the other coroutine's withdrawal came in between.
// EXPECT: atomicity-violation
// ARGS: -std=c++20
// ALSO AT: -O0 -O2
// TSAN: differs TSan checks happens-before only: one thread makes every access, so it is silent
#include <coroutine>
#include <cstdio>

// A single-thread event loop: a coroutine that yields is queued and resumed in its turn.
struct Loop {
  std::coroutine_handle<> queue[64];
  unsigned head = 0, tail = 0;
  void post(std::coroutine_handle<> h) { queue[tail++ % 64] = h; }
  void run() {
    while (head != tail) queue[head++ % 64].resume();
  }
};
static Loop loop;

// co_await Yield{}: lets the other coroutines run (an I/O wait, a timer, a remote call).
struct Yield {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { loop.post(h); }
  void await_resume() const noexcept {}
};

// A detached coroutine: starts at once, frees its frame when it ends.
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

static int balance = 100;

Task withdraw(int amount) {
  if (balance >= amount) {  // LOST
    co_await Yield{};
    balance -= amount;  // LOST x2
  }
}

int main() {
  withdraw(80);
  withdraw(70);
  loop.run();
  std::printf("balance = %d\n", balance);
  return 0;
}
