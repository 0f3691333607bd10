// std::counting_semaphore: the producer releases the slot before writing the frame's sequence
// number into it, so the consumer's read after acquire() is not ordered with that write.
// ARGS: -std=c++20
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <semaphore>
#include <thread>

namespace {
struct Frame {
  int pixels = 0;
  int sequence = 0;
};
Frame slot;
std::counting_semaphore<1> filled_slots(0);
}  // namespace

int main() {
  std::thread producer([] {
    slot.pixels = 640 * 480;
    filled_slots.release();
    slot.sequence = 1;  // RACE
  });
  filled_slots.acquire();
  std::printf("%d pixels, frame %d\n", slot.pixels, slot.sequence);  // RACE
  producer.join();
  return 0;
}
