// Only one coroutine touches the counter (the other suspends just as often but has state of its
// own): nothing writes the counter while its owner is suspended.
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
static int other;

Task increment(int times) {
  for (int i = 0; i < times; i++) {
    int seen = counter;
    co_await Yield{};
    counter = seen + 1;
  }
}

Task elsewhere(int times) {
  for (int i = 0; i < times; i++) {
    int seen = other;
    co_await Yield{};
    other = seen + 2;
  }
}

int main() {
  increment(1000);
  elsewhere(1000);
  loop.run();
  std::printf("counter = %d, other = %d\n", counter, other);
  return 0;
}
