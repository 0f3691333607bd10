// Two threads write different elements of a std::vector, except element 5, which both write.
// EXPECT: data-race
// TSAN: same
#include <cstdio>
#include <thread>
#include <vector>

int main() {
  std::vector<int> scores(10, 0);
  std::thread evens([&scores] {
    for (size_t i = 0; i < scores.size(); i += 2) scores[i] += 1;
    scores[5] = 50;  // RACE
  });
  std::thread odds([&scores] {
    for (size_t i = 1; i < scores.size(); i += 2) scores[i] = static_cast<int>(i);  // RACE
  });
  evens.join();
  odds.join();
  std::printf("%d\n", scores[5]);
  return 0;
}
