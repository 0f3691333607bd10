// A std::barrier sized for three stages while only two stage threads are started (the third was
// dropped from the pipeline): both block at arrive_and_wait forever. libstdc++'s barrier waits
// on a futex; Interlock reports both threads blocked after deadlock_timeout_ms, main among them
// in its join, and ends the program with status 67.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <barrier>
#include <thread>

constexpr int kStages = 3;
std::barrier<> stage_done(kStages);
int produced[kStages];

static void stage(int id) {
  produced[id] = id;
  stage_done.arrive_and_wait();  // DEADLOCK x2
}

int main() {
  std::thread first(stage, 0);
  std::thread second(stage, 1);
  first.join();  // DEADLOCK
  second.join();
  return 0;
}
