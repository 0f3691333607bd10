// A pool of two connections guarded by a std::counting_semaphore: two queries fail and return
// without giving their connection back, and main's acquire then blocks forever.
// counting_semaphore::acquire is a futex wait in libstdc++ (no sem_t behind it); Interlock
// reports the hang after deadlock_timeout_ms and ends the program with status 67.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <semaphore>
#include <thread>

std::counting_semaphore<2> free_connections(2);

static void query(bool fails) {
  free_connections.acquire();
  if (fails) return;  // leaks the connection: no release()
  free_connections.release();
}

int main() {
  std::thread a(query, true);
  std::thread b(query, true);
  a.join();
  b.join();
  free_connections.acquire();  // DEADLOCK
  return 0;
}
