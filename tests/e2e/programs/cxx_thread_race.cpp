// std::thread: main peeks at the histogram total before join(); nothing orders the worker's
// store with main's read (creating the thread only orders what main did before it).
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <thread>
#include <vector>

namespace {
std::vector<int> samples;
int histogram_total;
}  // namespace

int main() {
  for (int i = 0; i < 1000; ++i) samples.push_back(i % 4);
  std::thread worker([] {
    int total = 0;
    for (int sample : samples) total += sample;
    histogram_total = total;  // RACE
  });
  std::printf("total so far: %d\n", histogram_total);  // RACE
  worker.join();
  return 0;
}
