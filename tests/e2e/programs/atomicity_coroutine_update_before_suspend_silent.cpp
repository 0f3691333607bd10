// The update is done before suspending: the read and the write are in one run of the coroutine,
// and the co_await comes after.
// EXPECT: silent
// ARGS: -std=c++20
// ALSO AT: -O0 -O2
// TSAN: same
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

static int counter;

Task increment(int times) {
  for (int i = 0; i < times; i++) {
    int seen = counter;
    counter = seen + 1;
    co_await Yield{};
  }
}

int main() {
  increment(1000);
  increment(1000);
  loop.run();
  std::printf("counter = %d (2000 expected)\n", counter);
  return 0;
}
