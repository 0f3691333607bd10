// std::thread: main prepares the samples before starting the worker (thread creation orders
// them), and reads the worker's histogram only after join() (the join orders it).
// EXPECT: silent
// TSAN: same
#include <array>
#include <cstdio>
#include <thread>
#include <vector>

namespace {
std::vector<int> samples;
std::array<int, 4> histogram{};
}  // namespace

int main() {
  for (int i = 0; i < 1000; ++i) samples.push_back(i * 7 % 4);
  std::thread worker([] {
    for (int sample : samples) ++histogram[sample];
  });
  worker.join();
  std::printf("%d %d %d %d\n", histogram[0], histogram[1], histogram[2], histogram[3]);
  return 0;
}
