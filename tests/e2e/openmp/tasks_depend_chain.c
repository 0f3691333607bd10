// A chain of dependences over an array element and a pointer target: out -> inout -> inout -> in,
// with each task on whatever thread takes it.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: differs TSan with Archer reports a false race on a task's captured pointers when libomp gives a new task the memory of a finished one (about 1 run in 3 on two busy CPUs: the `result += *cell` task's read of them at line 23 against the main thread creating the next such task at line 22)
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int *cell = malloc(sizeof *cell);
  int result = 0;
#pragma omp parallel
#pragma omp single
  {
    for (int round = 0; round < 8; round++) {
#pragma omp task depend(out : cell[0]) firstprivate(round)
      *cell = round;
#pragma omp task depend(inout : cell[0])
      *cell *= 2;
#pragma omp task depend(inout : cell[0])
      *cell += 1;
#pragma omp task depend(in : cell[0]) shared(result)
      result += *cell;
    }
  }
  printf("%d\n", result);
  free(cell);
  return 0;
}
