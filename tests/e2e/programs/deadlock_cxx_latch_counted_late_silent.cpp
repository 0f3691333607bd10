// The twin of deadlock_cxx_latch_never_zero.cpp: the second shard takes longer than
// deadlock_timeout_ms to load, but it does count down. main is blocked on the latch all that
// time while the loader sleeps, which is not blocked: a slow program is not a hung one, and
// Interlock stays silent.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: silent
// TSAN: same
#include <chrono>
#include <latch>
#include <thread>

std::latch shards_loaded(2);

static void load_shard(int shard) {
  if (shard == 1) std::this_thread::sleep_for(std::chrono::milliseconds(700));
  shards_loaded.count_down();
}

int main() {
  std::thread first(load_shard, 0);
  std::thread second(load_shard, 1);
  shards_loaded.wait();
  first.join();
  second.join();
  return 0;
}
