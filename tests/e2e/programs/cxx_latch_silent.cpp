// std::latch: workers each checksum their slice of a buffer, store it in their own slot and count
// down; main waits on the latch and then combines the slots.
// ARGS: -std=c++20
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <latch>
#include <thread>
#include <vector>

namespace {
constexpr int kWorkers = 3;
std::vector<unsigned char> buffer(3000);
unsigned slice_checksums[kWorkers];
}  // namespace

int main() {
  for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<unsigned char>(i * 31);
  std::latch slices_done(kWorkers);
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w)
    workers.emplace_back([w, &slices_done] {
      unsigned sum = 0;
      for (size_t i = w * 1000; i < (w + 1) * 1000u; ++i) sum = sum * 33 + buffer[i];
      slice_checksums[w] = sum;
      slices_done.count_down();
    });
  slices_done.wait();
  unsigned checksum = 0;
  for (unsigned slice : slice_checksums) checksum ^= slice;
  std::printf("%08x\n", checksum);
  for (std::thread &worker : workers) worker.join();
  return 0;
}
