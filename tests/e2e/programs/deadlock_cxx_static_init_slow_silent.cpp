// The twin of deadlock_cxx_static_init_joins_user.cpp: the static's initializer is slow (it
// sleeps past deadlock_timeout_ms) and another thread blocks in __cxa_guard_acquire waiting for
// it meanwhile. The initializer runs, it is not blocked, so the wait ends and Interlock stays
// silent.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: silent
// TSAN: same
#include <chrono>
#include <string>
#include <thread>

struct Registry {
  std::string name;
  int entries;
};

static int count_builtin_entries() {
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  return 3;
}

const Registry &registry() {
  static const Registry instance{"builtin", count_builtin_entries()};
  return instance;
}

int main() {
  std::thread early([] { (void)registry(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const int entries = registry().entries;
  early.join();
  return entries == 3 ? 0 : 1;
}
