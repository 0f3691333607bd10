// A worker sleeps in std::atomic<int>::wait until main publishes a new generation; main calls
// notify_one but forgets to store the new value first. std::atomic<T>::wait returns only once the
// value differs from the old one, so a woken worker checks again, sees 0 and sleeps on: it waits
// forever, whatever the timing, and main's join with it. Interlock reports both threads blocked
// after deadlock_timeout_ms and ends the program with status 67.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <atomic>
#include <chrono>
#include <thread>

std::atomic<int> generation{0};

static void worker() {
  generation.wait(0);  // DEADLOCK
}

int main() {
  std::thread t(worker);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // Meant: generation.store(1); generation.notify_one();
  generation.notify_one();
  generation.notify_all();
  t.join();  // DEADLOCK
  return 0;
}
