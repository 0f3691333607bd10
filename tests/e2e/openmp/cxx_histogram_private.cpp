// C++: the same histogram with a private vector per thread merged under a critical section.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <vector>

int main() {
  std::vector<int> buckets(4, 0);
#pragma omp parallel
  {
    std::vector<int> mine(4, 0);
#pragma omp for schedule(static)
    for (int i = 0; i < 64; i++) mine[i % 4] += 1;
#pragma omp critical
    for (int b = 0; b < 4; b++) buckets[b] += mine[b];
  }
  std::printf("%d\n", buckets[0]);
  return 0;
}
