// The same two updates under one critical name, at two places in the program.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <omp.h>
#include <stdio.h>

int balance;

int main(void) {
#pragma omp parallel
  {
    if (omp_get_thread_num() % 2 == 0) {
#pragma omp critical(account)
      balance += 10;
    } else {
#pragma omp critical(account)
      balance -= 3;
    }
  }
  printf("%d\n", balance);
  return 0;
}
