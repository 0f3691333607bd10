// A std::atomic of a 24-byte struct, which no instruction can update at once: clang calls
// libatomic's generic __atomic_load/__atomic_store, and libatomic guards the object with a
// mutex of its own and copies it with memcpy. Two threads store and load it with relaxed order
// (atomic accesses never race with each other), so the program is silent; libatomic's lock and
// copies are its implementation, not the program's synchronization or plain accesses.
// EXPECT: silent
// TSAN: same
// ARGS: -latomic
// PRINTS: consistent
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Position {
  long x, y, z;
};

std::atomic<Position> position{Position{0, 0, 0}};
}  // namespace

int main() {
  std::thread mover([] {
    for (long i = 1; i <= 20000; ++i) position.store(Position{i, 2 * i, 3 * i}, std::memory_order_relaxed);
  });
  bool consistent = true;
  for (int i = 0; i < 20000; ++i) {
    const Position seen = position.load(std::memory_order_relaxed);
    if (seen.y != 2 * seen.x || seen.z != 3 * seen.x) consistent = false;
  }
  mover.join();
  std::printf("%s\n", consistent ? "consistent" : "torn");
  return consistent ? 0 : 1;
}
