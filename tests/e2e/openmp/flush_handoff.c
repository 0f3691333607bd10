// The OpenMP flush idiom: the producer writes the data, flushes, then sets the flag with an atomic
// write; the consumer reads the flag atomically until set, flushes, then reads the data. A flush
// is an acquire-release fence, which orders the data through the relaxed flag.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: differs Archer does not model flush and TSan does not model fences: the data is reported
#include <omp.h>
#include <stdio.h>

int data;
int flag;

int main(void) {
  int got = 0;
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
      data = 42;
#pragma omp flush
#pragma omp atomic write
      flag = 1;
    } else {
      int ready = 0;
      while (!ready) {
#pragma omp atomic read
        ready = flag;
      }
#pragma omp flush
      got = data;
    }
  }
  printf("%d\n", got);
  return 0;
}
