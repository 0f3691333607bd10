// Sums a vector with an OpenMP reduction and a task per half (silent); with the argument "race",
// also into one shared total without a reduction (one data race, at the RACE line); with
// "task_race", two sibling tasks write and read one variable (one data race, TASK_RACE lines).
#include <atomic>
#include <cstdio>
#include <cstring>
#include <vector>

// Both tasks wait here for each other (relaxed: no ordering), so they run on two threads.
static void meet(std::atomic<int> &arrived) {
  arrived.fetch_add(1, std::memory_order_relaxed);
  while (arrived.load(std::memory_order_relaxed) < 2) {
  }
}

int main(int argc, char **argv) {
  const bool race = argc > 1 && std::strcmp(argv[1], "race") == 0;
  const bool task_race = argc > 1 && std::strcmp(argv[1], "task_race") == 0;
  std::vector<long> values(256);
  for (size_t i = 0; i < values.size(); i++) values[i] = long(i);

  long reduced = 0;
#pragma omp parallel for num_threads(4) reduction(+ : reduced)
  for (size_t i = 0; i < values.size(); i++) reduced += values[i];

  long halves[2] = {0, 0};
#pragma omp parallel num_threads(2)
#pragma omp single
  {
    for (int h = 0; h < 2; h++) {
#pragma omp task firstprivate(h) shared(halves, values)
      for (size_t i = h * values.size() / 2; i < (h + 1) * values.size() / 2; i++)
        halves[h] += values[i];
    }
#pragma omp taskwait
  }

  long shared_total = 0;
  if (race) {
#pragma omp parallel for num_threads(4)
    for (size_t i = 0; i < values.size(); i++) shared_total += values[i];  // RACE
  }
  long between_tasks = 0;
  if (task_race) {
    std::atomic<int> arrived{0};
#pragma omp parallel num_threads(2)
#pragma omp single
    {
#pragma omp task shared(arrived, between_tasks)
      {
        meet(arrived);
        between_tasks = 1;  // TASK_RACE
      }
#pragma omp task shared(arrived, between_tasks)
      {
        meet(arrived);
        std::printf("partial_sums: task saw %ld\n", between_tasks);  // TASK_RACE
      }
    }
  }
  std::printf("partial_sums: %ld %ld %ld\n", reduced, halves[0] + halves[1], shared_total);
  return 0;
}
