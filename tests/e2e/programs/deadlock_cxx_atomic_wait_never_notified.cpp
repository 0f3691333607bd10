// A worker sleeps in std::atomic<int>::wait until main publishes a new generation; main stores it
// but forgets notify_one. std::atomic<T>::wait re-reads the value only when woken, so the worker,
// already in its futex wait, sleeps forever and main's join with it. Interlock reports both
// threads blocked after deadlock_timeout_ms and ends the program with status 67.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: deadlock 18 26
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <atomic>
#include <chrono>
#include <thread>

std::atomic<int> generation{0};
std::atomic<bool> about_to_wait{false};

static void worker() {
  about_to_wait.store(true);
  generation.wait(0);
}

int main() {
  std::thread t(worker);
  while (!about_to_wait.load()) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the worker is in its wait now
  generation.store(1);  // forgets generation.notify_one()
  t.join();
  return 0;
}
