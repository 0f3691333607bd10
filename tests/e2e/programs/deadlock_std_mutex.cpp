// The AB/BA deadlock with std::thread and std::lock_guard over two std::mutex: a transfer locks
// the source account then the destination, and two transfers in opposite directions run at once.
// EXPECT: lock-order-cycle
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports the inversion, then hangs with the program
#include <pthread.h>

#include <mutex>
#include <thread>

struct Account {
  std::mutex lock;
  long balance = 100;
};

Account checking, savings;
pthread_barrier_t both_hold_source;

void transfer(Account &from, Account &to, long amount) {
  std::lock_guard<std::mutex> hold_from(from.lock);
  pthread_barrier_wait(&both_hold_source);
  std::lock_guard<std::mutex> hold_to(to.lock);  // CYCLE x2 DEADLOCK x2
  from.balance -= amount;
  to.balance += amount;
}

int main() {
  pthread_barrier_init(&both_hold_source, nullptr, 2);
  std::thread rent([] { transfer(checking, savings, 30); });
  std::thread refund([] { transfer(savings, checking, 10); });
  rent.join();
  refund.join();
  return checking.balance + savings.balance == 200 ? 0 : 1;
}
