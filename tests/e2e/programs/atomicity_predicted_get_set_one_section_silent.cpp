// The fixed twin of atomicity_predicted_get_set.cpp: T1 reads and writes the balance in one
// critical section (add), so a deposit cannot come between. Silent.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

class Account {
 public:
  int balance() {
    std::lock_guard<std::mutex> guard(mutex_);
    return balance_;
  }
  void set_balance(int value) {
    std::lock_guard<std::mutex> guard(mutex_);
    balance_ = value;
  }
  void add(int amount) {
    std::lock_guard<std::mutex> guard(mutex_);
    balance_ = balance_ + amount;
  }
  void deposit(int amount) {
    std::lock_guard<std::mutex> guard(mutex_);
    balance_ += amount;
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
    account.add(50);
  });
  t1.join();
  t2.join();
  std::printf("balance %d\n", account.balance());
  return 0;
}
