// Dependence pairs in C++ (see dependences.c for the directives): methods that each lock the
// object's mutex, std::atomic load then store, and a local object.
#include <atomic>
#include <cstdio>
#include <mutex>

class Counter {
public:
  int get() {
    std::lock_guard<std::mutex> guard(mutex_);
    return value_;
  }
  void set(int value) {
    std::lock_guard<std::mutex> guard(mutex_);
    value_ = value;
  }

private:
  std::mutex mutex_;
  int value_ = 0;
};

Counter counter;
std::atomic<int> next_ticket;

// DEPS: member_set <- member_get
void increment() {
  int value = counter.get();  // @member_get
  counter.set(value + 1);     // @member_set
}

// DEPS-NOT: printed_set <- printed_get
void print_then_set() {
  int value = counter.get();  // @printed_get
  std::printf("%d\n", value);
  counter.set(42);  // @printed_set
}

// DEPS: ticket_store <- ticket_load
int take_ticket() {
  int ticket = next_ticket.load();  // @ticket_load
  next_ticket.store(ticket + 1);    // @ticket_store
  return ticket;
}

// DEPS-NOT: ticket_reset <- ticket_peek
void reset_ticket() {
  std::printf("%d\n", next_ticket.load());  // @ticket_peek
  next_ticket.store(0);                     // @ticket_reset
}

void share(Counter *shared);

// A local object: calling set on it after get does not make set depend on get unless the value
// flows (the object's address is passed to both calls, its contents are not).
// DEPS: local_set <- local_get
// DEPS-NOT: local_set42 <- local_get
void local_counter() {
  Counter local;
  share(&local);
  int value = local.get();  // @local_get
  local.set(value + 1);     // @local_set
  local.set(42);            // @local_set42
}
