// std::async: the task computes a vector of primes and returns it through the future; main uses
// it after get(). The task reads the limit main set before launching it.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <future>
#include <vector>

namespace {
int prime_limit;

std::vector<int> primes_below_limit() {
  std::vector<int> primes;
  for (int candidate = 2; candidate < prime_limit; ++candidate) {
    bool is_prime = true;
    for (int divisor : primes)
      if (candidate % divisor == 0) is_prime = false;
    if (is_prime) primes.push_back(candidate);
  }
  return primes;
}
}  // namespace

int main() {
  prime_limit = 2000;
  std::future<std::vector<int>> pending = std::async(std::launch::async, primes_below_limit);
  std::vector<int> primes = pending.get();
  std::printf("%zu primes, largest %d\n", primes.size(), primes.back());
  return 0;
}
