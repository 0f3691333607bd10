// Two differently named critical sections exclude nothing from each other: the same variable
// updated under both is a race.
// ARGS: -fopenmp
// EXPECT: data-race
// TSAN: differs TSan with Archer misses it: Archer's own std::mutex (LocksMutex), taken in its critical-section callbacks, orders every critical section for TSan whatever its name
#include <omp.h>
#include <stdio.h>

int balance;

int main(void) {
#pragma omp parallel
  {
    if (omp_get_thread_num() % 2 == 0) {
#pragma omp critical(deposits)
      balance += 10;  // RACE
    } else {
#pragma omp critical(withdrawals)
      balance -= 3;  // RACE
    }
  }
  printf("%d\n", balance);
  return 0;
}
