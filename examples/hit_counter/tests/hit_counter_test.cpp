// Unit test: hits recorded by four threads at once are all counted, per page and in total.
#include "hit_counter/hit_counter.h"

#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 4;
constexpr int kHitsPerThread = 20000;

int failures = 0;

void expect_equal(const char *what, long actual, long expected) {
  if (actual == expected) return;
  std::fprintf(stderr, "FAILED: %s is %ld, expected %ld\n", what, actual, expected);
  failures++;
}

}  // namespace

int main() {
  hit_counter::HitCounter counter;
  std::vector<std::thread> recorders;
  for (int t = 0; t < kThreads; t++)
    recorders.emplace_back([&counter, t] {
      for (int i = 0; i < kHitsPerThread; i++) counter.record(static_cast<std::size_t>(t));
    });
  for (std::thread &recorder : recorders) recorder.join();

  expect_equal("total()", counter.total(), long{kThreads} * kHitsPerThread);
  for (int t = 0; t < kThreads; t++)
    expect_equal("hits(page of one thread)", counter.hits(static_cast<std::size_t>(t)),
                 kHitsPerThread);
  if (failures == 0) std::printf("hit_counter_test: passed\n");
  return failures == 0 ? 0 : 1;
}
