// An async shop server: request handlers are C++20 coroutines on one event-loop thread. Each
// "buy" handler reads the stock, awaits the payment service (co_await), and then writes back the
// stock it read minus one. Two buyers interleave at the co_await: both read 5, both write 4,
// and one sale vanishes from the stock. There is no data race (one thread makes every access):
// TSan, Helgrind and DRD are silent. Interlock reports an atomicity violation across the
// co_await: the read, the other handler's write while this one was suspended, and the write
// computed from the stale read, naming the suspension point.
// EXPECT: atomicity-violation
// ARGS: -std=c++20
// TSAN: differs TSan checks happens-before only: one thread makes every access, so it is silent
// ALSO AT: -O2
#include <coroutine>
#include <cstdio>

// The server's event loop: one thread; a handler waiting for I/O is queued and resumed in turn.
struct EventLoop {
  std::coroutine_handle<> ready[64];
  unsigned head = 0, tail = 0;
  void schedule(std::coroutine_handle<> h) { ready[tail++ % 64] = h; }
  void run() {
    while (head != tail) ready[head++ % 64].resume();
  }
};
static EventLoop event_loop;

// co_await charge_card(): a call to the payment service; the handler suspends until it answers
// (here: until the loop comes back to it).
struct PaymentCall {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { event_loop.schedule(h); }
  bool await_resume() const noexcept { return true; }  // paid
};
static PaymentCall charge_card() { return {}; }

// A request handler: starts when the request arrives, frees itself when it has answered.
struct Handler {
  struct promise_type {
    Handler get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

static int stock = 5;  // units of the one item the shop sells
static int sold;

Handler buy() {
  int left = stock;  // LOST
  if (left == 0) co_return;
  bool paid = co_await charge_card();
  if (paid) {
    stock = left - 1;  // LOST x2
    sold++;
  }
}

int main() {
  buy();
  buy();
  event_loop.run();
  std::printf("sold %d, stock %d (%d expected)\n", sold, stock, 5 - sold);
  return 0;
}
