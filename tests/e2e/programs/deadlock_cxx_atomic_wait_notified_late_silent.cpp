// The twin of deadlock_cxx_atomic_wait_never_notified.cpp: main notifies, after longer than
// deadlock_timeout_ms, and waits in turn on an std::atomic_flag the worker sets and notifies
// late. The notifying side sleeps, it is not blocked, so Interlock stays silent.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <chrono>
#include <thread>

std::atomic<int> generation{0};
std::atomic_flag acknowledged;

static void worker() {
  generation.wait(0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  acknowledged.test_and_set();
  acknowledged.notify_one();
}

int main() {
  std::thread t(worker);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  generation.store(1);
  generation.notify_one();
  acknowledged.wait(false);
  t.join();
  return 0;
}
