// The fixed twin of atomicity_predicted_get_set.cpp by order: T2's deposit is joined before T1
// starts, so no schedule runs it between T1's two critical sections (thread join and create
// order it, not only the mutex). No lost update can happen: silent.
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
  t2.join();
  std::thread t1([] {
    while (!deposited.load(std::memory_order_relaxed)) std::this_thread::yield();
    int seen = account.balance();
    account.set_balance(seen + 50);
  });
  t1.join();
  std::printf("balance %d\n", account.balance());
  return 0;
}
