// std::async: the task records how many candidates it tested in a plain global; main reads that
// global without waiting on the future, so nothing orders the two.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <future>
#include <vector>

namespace {
int candidates_tested;

std::vector<int> primes_below(int limit) {
  std::vector<int> primes;
  for (int candidate = 2; candidate < limit; ++candidate) {
    bool is_prime = true;
    for (int divisor : primes)
      if (candidate % divisor == 0) is_prime = false;
    if (is_prime) primes.push_back(candidate);
  }
  candidates_tested = limit - 2;  // RACE
  return primes;
}
}  // namespace

int main() {
  std::future<std::vector<int>> pending = std::async(std::launch::async, primes_below, 2000);
  std::printf("progress: %d candidates\n", candidates_tested);  // RACE
  std::printf("%zu primes\n", pending.get().size());
  return 0;
}
