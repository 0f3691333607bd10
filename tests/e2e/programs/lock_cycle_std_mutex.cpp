// AB/BA through std::mutex::lock(): T1 takes a then b, T2 (started after T1 is joined, so the run
// cannot hang) takes b then a. The edges' requested lines are the inner lock() calls.
// EXPECT: lock-order-cycle
// TSAN: same
#include <mutex>
#include <thread>

std::mutex a, b;
int shared_total;

int main() {
  std::thread first([] {
    a.lock();
    b.lock();  // CYCLE
    shared_total += 1;
    b.unlock();
    a.unlock();
  });
  first.join();
  std::thread second([] {
    b.lock();
    a.lock();  // CYCLE
    shared_total += 2;
    a.unlock();
    b.unlock();
  });
  second.join();
  return shared_total == 3 ? 0 : 1;
}
