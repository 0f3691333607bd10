// Check-then-act: two ATMs withdraw 80 from an account holding 100.
//
// The bug: withdraw() checks the balance *before* taking the lock, then takes the lock only to
// subtract. Both threads can pass the check (both see 100) and both subtract, leaving -60. The
// lock makes each subtraction atomic, but the decision it acts on was made outside it: the
// unlocked read of `balance_` races with the other thread's locked write.
//
// The fix (bank_withdraw_fixed.cpp): check and subtract inside one critical section.
// EXPECT: data-race 21 25
// TSAN: same
#include <cstdio>
#include <mutex>
#include <thread>

class Account {
 public:
  explicit Account(int opening_balance) : balance_(opening_balance) {}

  // Returns true when the money was handed out.
  bool withdraw(int amount) {
    if (balance_ < amount) {  // RACE
      return false;
    }
    std::lock_guard<std::mutex> hold(lock_);
    balance_ -= amount;  // RACE
    return true;
  }

  int balance() {
    std::lock_guard<std::mutex> hold(lock_);
    return balance_;
  }

 private:
  std::mutex lock_;
  int balance_;
};

int main() {
  Account account(100);
  bool first_paid = false, second_paid = false;
  std::thread first_atm([&] { first_paid = account.withdraw(80); });
  std::thread second_atm([&] { second_paid = account.withdraw(80); });
  first_atm.join();
  second_atm.join();
  std::printf("paid: %d %d, balance: %d\n", first_paid, second_paid, account.balance());
  return 0;
}
