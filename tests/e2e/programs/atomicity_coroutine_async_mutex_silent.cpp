// A coroutine-aware mutex held across the co_await: the second coroutine waits (suspended) for
// the lock instead of updating the counter while the first is suspended. The read and the write
// are still split by a co_await, but nothing else can write in between.
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

// An async mutex: lock() suspends the coroutine while another holds it; unlock() hands it to the
// first waiter, which resumes holding it.
struct AsyncMutex {
  bool locked = false;
  std::coroutine_handle<> waiters[16];
  unsigned head = 0, tail = 0;

  struct Acquire {
    AsyncMutex &mutex;
    bool await_ready() noexcept {
      if (mutex.locked) return false;
      mutex.locked = true;
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept { mutex.waiters[mutex.tail++ % 16] = h; }
    void await_resume() noexcept {}
  };
  Acquire lock() { return Acquire{*this}; }
  void unlock() {
    if (head != tail)
      loop.post(waiters[head++ % 16]);  // still locked: now the waiter holds it
    else
      locked = false;
  }
};

static AsyncMutex mutex;
static int counter;

Task increment(int times) {
  for (int i = 0; i < times; i++) {
    co_await mutex.lock();
    int seen = counter;
    co_await Yield{};
    counter = seen + 1;
    mutex.unlock();
  }
}

int main() {
  increment(1000);
  increment(1000);
  loop.run();
  std::printf("counter = %d (2000 expected)\n", counter);
  return 0;
}
