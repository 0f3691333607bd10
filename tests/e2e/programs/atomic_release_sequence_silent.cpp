// A release sequence through a read-modify-write: the producer writes the payload and stores
// the stage with release; a relay thread waits for it with relaxed loads and bumps the stage
// with a relaxed fetch_add; the consumer's acquire load sees the relay's value. An RMW continues
// the release sequence headed by the producer's store, so the consumer synchronizes with the
// producer ([intro.races] p5) even though the relay itself ordered nothing.
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
long payload;
std::atomic<int> stage{0};
}  // namespace

int main() {
  std::thread producer([] {
    payload = 2024;
    stage.store(1, std::memory_order_release);
  });
  std::thread relay([] {
    while (stage.load(std::memory_order_relaxed) != 1) std::this_thread::yield();
    stage.fetch_add(1, std::memory_order_relaxed);
  });
  // Relaxed while waiting: an acquire load that saw the producer's 1 would synchronize with it.
  while (stage.load(std::memory_order_relaxed) != 2) std::this_thread::yield();
  (void)stage.load(std::memory_order_acquire);
  long seen = payload;
  producer.join();
  relay.join();
  std::printf("%ld\n", seen);
  return seen == 2024 ? 0 : 1;
}
