// Check-then-act, fixed (twin of bank_withdraw_racy.cpp).
//
// withdraw() now takes the lock before looking at the balance and keeps it until the
// subtraction is done. Check and act form one critical section, so the second ATM sees the
// first one's withdrawal, refuses, and the balance never goes below zero.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <mutex>
#include <thread>

class Account {
 public:
  explicit Account(int opening_balance) : balance_(opening_balance) {}

  // Returns true when the money was handed out.
  bool withdraw(int amount) {
    std::lock_guard<std::mutex> hold(lock_);
    if (balance_ < amount) {
      return false;
    }
    balance_ -= amount;
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
  return account.balance() == 20 && first_paid != second_paid ? 0 : 1;
}
