// A read made in an awaited sub-coroutine (read_counter() returns the counter) and the write in
// the caller after another co_await: the caller keeps the value across the second suspension,
// and the other coroutine's increment made meanwhile is lost. The sub-coroutine is lazy and
// resumed by symmetric transfer; its result reaches the caller through its promise.
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

// A lazy coroutine producing a T: it starts when awaited and hands control back to the awaiting
// coroutine when it finishes (symmetric transfer).
template <class T>
struct Lazy {
  struct promise_type {
    T value{};
    std::coroutine_handle<> continuation;
    Lazy get_return_object() {
      return Lazy{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation;
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> handle;
  explicit Lazy(std::coroutine_handle<promise_type> h) : handle(h) {}
  Lazy(Lazy &&other) : handle(other.handle) { other.handle = nullptr; }
  ~Lazy() {
    if (handle) handle.destroy();
  }
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle.promise().continuation = awaiting;
    return handle;
  }
  T await_resume() { return handle.promise().value; }
};

static int counter;

Lazy<int> read_counter() {
  co_return counter;  // LOST
}

Task increment(int times) {
  for (int i = 0; i < times; i++) {
    int seen = co_await read_counter();
    co_await Yield{};
    counter = seen + 1;  // LOST x2
  }
}

int main() {
  increment(1000);
  increment(1000);
  loop.run();
  std::printf("counter = %d (2000 expected)\n", counter);
  return 0;
}
