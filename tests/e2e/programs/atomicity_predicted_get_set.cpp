// A predicted lost update: T2 deposits (one locked update), then T1 reads the balance in one
// critical section and writes back a value computed from it in the next. In this run T2's
// deposit came before T1's read, so nothing was lost; but only the order in which the two threads
// took the mutex put it there (the flag that schedules them is relaxed: it orders nothing). In a
// schedule where the deposit runs between T1's two critical sections, T1 overwrites it.
// EXPECT: predicted-atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

class Account {
 public:
  int balance() {
    std::lock_guard<std::mutex> guard(mutex_);
    return balance_;  // LOST
  }
  void set_balance(int value) {
    std::lock_guard<std::mutex> guard(mutex_);
    balance_ = value;  // LOST
  }
  void deposit(int amount) {
    std::lock_guard<std::mutex> guard(mutex_);
    balance_ += amount;  // LOST
  }

 private:
  std::mutex mutex_;
  int balance_ = 0;
};

static Account account;
static std::atomic<int> deposited{0};  // a schedule, not synchronization: relaxed

int main() {
  std::thread t2([] {
    account.deposit(100);
    deposited.store(1, std::memory_order_relaxed);
  });
  std::thread t1([] {
    while (!deposited.load(std::memory_order_relaxed)) std::this_thread::yield();
    int seen = account.balance();
    account.set_balance(seen + 50);
  });
  t1.join();
  t2.join();
  std::printf("balance %d\n", account.balance());
  return 0;
}
