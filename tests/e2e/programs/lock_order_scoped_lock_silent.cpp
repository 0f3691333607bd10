// std::scoped_lock(a, b) in one thread and std::scoped_lock(b, a) in another, really concurrent.
// std::lock's algorithm cannot deadlock: libstdc++ blocks on the first mutex only, try_locks the
// others and, when one is busy, releases everything and starts again from the busy one. So no
// thread ever waits while holding a lock of the pair: every "inverted" edge is a trylock edge.
// EXPECT: silent
// TSAN: same
// ARGS: -std=c++17
#include <mutex>
#include <thread>

std::mutex a, b;
long total;

int main() {
  std::thread forward([] {
    for (int i = 0; i < 2000; ++i) {
      std::scoped_lock both(a, b);
      total += 1;
    }
  });
  std::thread backward([] {
    for (int i = 0; i < 2000; ++i) {
      std::scoped_lock both(b, a);
      total += 1;
    }
  });
  forward.join();
  backward.join();
  return total == 4000 ? 0 : 1;
}
