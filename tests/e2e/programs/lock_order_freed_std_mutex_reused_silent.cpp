// A heap std::mutex is deleted and a new one is allocated, typically at the same address.
// libstdc++'s ~mutex() does not call pthread_mutex_destroy: the lock's end is only visible as the
// free of its memory. The first mutex was taken before `registry_lock`, the second after it:
// different locks, no cycle.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex registry_lock;
int registrations;

int main() {
  std::mutex *session_lock = new std::mutex;
  std::thread login([session_lock] {
    std::lock_guard<std::mutex> session(*session_lock);
    std::lock_guard<std::mutex> registry(registry_lock);
    ++registrations;
  });
  login.join();
  const void *first_address = session_lock;
  delete session_lock;

  session_lock = new std::mutex;  // glibc usually hands back the same block
  std::thread audit([session_lock] {
    std::lock_guard<std::mutex> registry(registry_lock);
    std::lock_guard<std::mutex> session(*session_lock);
    ++registrations;
  });
  audit.join();
  std::printf("second mutex %s the first one's address\n",
              first_address == session_lock ? "reuses" : "does not reuse");
  delete session_lock;
  return registrations == 2 ? 0 : 1;
}
