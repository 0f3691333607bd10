// The twin of deadlock_cxx_barrier_short_of_participant.cpp: the third stage does arrive, after
// longer than deadlock_timeout_ms. It sleeps meanwhile, so not every thread is blocked and
// Interlock stays silent.
// ARGS: -std=c++20
// OPTIONS: deadlock_timeout_ms=300
// EXPECT: silent
// TSAN: same
#include <barrier>
#include <chrono>
#include <thread>

constexpr int kStages = 3;
std::barrier<> stage_done(kStages);
int produced[kStages];

static void stage(int id) {
  if (id == 2) std::this_thread::sleep_for(std::chrono::milliseconds(700));
  produced[id] = id;
  stage_done.arrive_and_wait();
}

int main() {
  std::thread first(stage, 0);
  std::thread second(stage, 1);
  std::thread third(stage, 2);
  first.join();
  second.join();
  third.join();
  return produced[2] == 2 ? 0 : 1;
}
