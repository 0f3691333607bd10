// A read before the co_await and, after resuming, a write that is not computed from it (a reset
// to a constant) while another coroutine wrote in between: no lost update, the write never
// depended on what was read.
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

static int pending;
static long seen_total;

Task drain(int rounds) {
  for (int i = 0; i < rounds; i++) {
    int seen = pending;
    co_await Yield{};
    pending = 0;
    seen_total += seen;
  }
}

Task produce(int rounds) {
  for (int i = 0; i < rounds; i++) {
    pending = pending + 1;
    co_await Yield{};
  }
}

int main() {
  drain(100);
  produce(100);
  loop.run();
  std::printf("pending = %d, seen %ld\n", pending, seen_total);
  return 0;
}
