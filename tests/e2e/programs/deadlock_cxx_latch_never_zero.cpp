// A latch counts the workers that finished loading, but one worker returns early on an error and
// never counts down, so the latch never reaches zero. std::latch::wait blocks in a futex wait
// (libstdc++ calls syscall(SYS_futex) from header code, no pthread call), which Interlock
// announces: with every thread blocked for deadlock_timeout_ms it reports the hang and ends the
// program with status 67.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: deadlock
// TSAN: differs clang-14's TSan reports nothing and hangs with the program
#include <latch>
#include <thread>

std::latch shards_loaded(2);

static void load_shard(int shard) {
  if (shard == 1) return;  // the error path forgets count_down()
  shards_loaded.count_down();
}

int main() {
  std::thread first(load_shard, 0);
  std::thread second(load_shard, 1);
  first.join();
  second.join();
  shards_loaded.wait();  // DEADLOCK
  return 0;
}
