// The twin of deadlock_cxx_semaphore_never_released.cpp: the connection is given back, only
// after longer than deadlock_timeout_ms, and a std::binary_semaphore signal comes late too.
// The releasing thread sleeps, it is not blocked, so Interlock stays silent.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: silent
// TSAN: same
#include <chrono>
#include <semaphore>
#include <thread>

std::counting_semaphore<1> free_connections(1);
std::binary_semaphore reply_ready(0);

static void slow_query() {
  free_connections.acquire();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  free_connections.release();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  reply_ready.release();
}

int main() {
  std::thread worker(slow_query);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  free_connections.acquire();
  reply_ready.acquire();
  worker.join();
  return 0;
}
