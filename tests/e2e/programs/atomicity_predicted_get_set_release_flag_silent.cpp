// atomicity_predicted_get_set.cpp with the schedule's flag a release store and an acquire load:
// the flag, not only the mutex, orders T2's deposit before T1's read, so no schedule of this
// program runs it between T1's two critical sections. Silent.
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
static std::atomic<int> deposited{0};  // published with release, read with acquire

int main() {
  std::thread t2([] {
    account.deposit(100);
    deposited.store(1, std::memory_order_release);
  });
  std::thread t1([] {
    while (!deposited.load(std::memory_order_acquire)) std::this_thread::yield();
    int seen = account.balance();
    account.set_balance(seen + 50);
  });
  t1.join();
  t2.join();
  std::printf("balance %d\n", account.balance());
  return 0;
}
