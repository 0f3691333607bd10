// The release sequence broken: as in atomic_release_sequence_silent.cpp, but the relay moves the
// stage on with a relaxed plain store instead of a read-modify-write. A store by another thread
// ends the producer's release sequence ([intro.races] p5), so the consumer's acquire load of the
// relay's value synchronizes with nobody, and the payload accesses race.
// EXPECT: data-race
// TSAN: differs clang-14's TSan leaves the producer's release on the flag through a relaxed store, so the consumer still acquires it and the race is missed
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
long payload;
std::atomic<int> stage{0};
}  // namespace

int main() {
  std::thread producer([] {
    payload = 2024;  // RACE
    stage.store(1, std::memory_order_release);
  });
  std::thread relay([] {
    while (stage.load(std::memory_order_relaxed) != 1) std::this_thread::yield();
    stage.store(2, std::memory_order_relaxed);
  });
  // Relaxed while waiting: an acquire load that saw the producer's 1 would synchronize with it.
  while (stage.load(std::memory_order_relaxed) != 2) std::this_thread::yield();
  (void)stage.load(std::memory_order_acquire);
  long seen = payload;  // RACE
  producer.join();
  relay.join();
  std::printf("%ld\n", seen);
  return 0;
}
