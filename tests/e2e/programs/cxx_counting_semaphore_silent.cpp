// std::counting_semaphore: a bounded ring buffer between a producer and a consumer. free_slots
// counts empty slots, filled_slots counts items; a release() publishes the slot written before
// it to the acquire() that takes it.
// ARGS: -std=c++20
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <semaphore>
#include <string>
#include <thread>

namespace {
constexpr int kSlots = 4;
std::string ring[kSlots];
std::counting_semaphore<kSlots> free_slots(kSlots);
std::counting_semaphore<kSlots> filled_slots(0);
}  // namespace

int main() {
  std::thread producer([] {
    for (int item = 0; item < 100; ++item) {
      free_slots.acquire();
      ring[item % kSlots] = "frame " + std::to_string(item);
      filled_slots.release();
    }
  });
  size_t total_length = 0;
  for (int item = 0; item < 100; ++item) {
    filled_slots.acquire();
    total_length += ring[item % kSlots].size();
    ring[item % kSlots].clear();
    free_slots.release();
  }
  producer.join();
  std::printf("%zu\n", total_length);
  return 0;
}
