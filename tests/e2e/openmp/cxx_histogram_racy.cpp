// C++: a histogram in a std::vector filled by a parallel loop; values of different threads land
// in the same bucket.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <vector>

int main() {
  std::vector<int> buckets(4, 0);
#pragma omp parallel for schedule(static)
  for (int i = 0; i < 64; i++)
    buckets[i % 4] += 1;  // RACE x2
  std::printf("%d\n", buckets[0]);
  return 0;
}
