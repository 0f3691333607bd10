// A function-local static whose initializer starts a helper thread and joins it, while the helper
// needs the same static: the helper blocks in __cxa_guard_acquire until main's initialization
// ends, and main waits in the join for the helper. Interlock knows which thread initializes the
// static, so this is a wait-for cycle, found at once: deadlock_timeout_ms=0 turns off the
// time-judged rule, and the deadlock is still reported, with exit status 67.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=0
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <string>
#include <thread>

struct Registry {
  std::string name;
  int entries;
};

const Registry &registry();

static int count_builtin_entries() {
  int count = 0;
  std::thread scanner([&count] {
    // a scanner that "helpfully" reads the registry it is building
    count = static_cast<int>(registry().name.size());
  });
  scanner.join();  // DEADLOCK
  return count;
}

const Registry &registry() {
  static const Registry instance{"builtin", count_builtin_entries()};  // DEADLOCK
  return instance;
}

int main() { return registry().entries; }
