// Stacks through uninstrumented code: libc calls the comparison back from qsort, and the
// comparison calls into libc itself (strcmp); before main, libc runs the global constructors,
// which call into libstdc++ (<iostream>'s initializer). Every frame of a report must be a call
// that is really on the stack: the third comparison of each thread races, and its stack is
// by_name <- sort_names <- main (or the thread's function), with nothing from a call that
// already returned.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

long third_comparisons;

int by_name(const void *a, const void *b) {
  static thread_local int calls;
  if (++calls == 3) ++third_comparisons;  // the race: both threads, no synchronization
  return std::strcmp(*static_cast<const char *const *>(a), *static_cast<const char *const *>(b));
}

__attribute__((noinline)) void sort_names() {
  const char *names[] = {"carol", "alice", "erin", "bob", "dave"};
  std::qsort(names, 5, sizeof names[0], by_name);
}

int main() {
  std::thread other(sort_names);
  sort_names();
  other.join();
  std::cout << third_comparisons << "\n";
  return 0;
}
