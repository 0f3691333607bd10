// Two std::threads store to the same global; nothing orders the stores.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <thread>

int last_writer;

int main() {
  std::thread first([] {
    last_writer = 1;  // RACE
  });
  std::thread second([] {
    last_writer = 2;  // RACE
  });
  first.join();
  second.join();
  std::printf("%d\n", last_writer);
  return 0;
}
