// std::latch: the worker counts down first and records its timing afterwards; main reads the
// timing right after wait(). Only what precedes count_down() is ordered before wait() returns.
// ARGS: -std=c++20
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <latch>
#include <thread>

namespace {
unsigned slice_checksum;
int slice_microseconds;
}  // namespace

int main() {
  std::latch slice_done(1);
  std::thread worker([&slice_done] {
    unsigned sum = 0;
    for (unsigned i = 0; i < 1000; ++i) sum = sum * 33 + i;
    slice_checksum = sum;
    slice_done.count_down();
    slice_microseconds = 125;  // RACE
  });
  slice_done.wait();
  std::printf("%08x in %d us\n", slice_checksum, slice_microseconds);  // RACE
  worker.join();
  return 0;
}
