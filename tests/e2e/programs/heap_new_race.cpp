// An object made with new: the worker writes a field, main reads it with nothing ordering them.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

struct Point {
  int x = 0;
  int y = 0;
};

std::atomic<bool> written{false};

int main() {
  Point *point = new Point;
  std::thread worker([point] {
    point->y = 9;  // RACE
    written.store(true, std::memory_order_relaxed);
  });
  while (!written.load(std::memory_order_relaxed)) std::this_thread::yield();
  int seen = point->y;  // RACE
  worker.join();
  std::printf("%d\n", seen);
  delete point;
  return 0;
}
