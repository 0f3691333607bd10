// The fixed twin of async_counter_racy.cpp: the handler takes the unit out of the stock before
// it suspends (the check and the update in one run of the coroutine, with no co_await between),
// and puts it back after resuming only if the payment failed, re-reading the stock then. The
// stock and the sales always add up; Interlock is silent.
// EXPECT: silent
// ARGS: -std=c++20
// TSAN: same
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
  if (stock == 0) co_return;
  stock = stock - 1;  // reserved before suspending
  bool paid = co_await charge_card();
  if (paid)
    sold++;
  else
    stock = stock + 1;  // read again after resuming
}

int main() {
  buy();
  buy();
  event_loop.run();
  std::printf("sold %d, stock %d (%d expected)\n", sold, stock, 5 - sold);
  return 0;
}
