// The same recurrence rewritten without the dependence: each iteration reads the input array and
// writes its own element of the output; the loop's implicit barrier orders the read after it.
// ARGS: -fopenmp
// EXPECT: silent
// TSAN: same
#include <stdio.h>

#define N 64
static int in[N], out[N];

int main(void) {
  for (int i = 0; i < N; i++) in[i] = i;
#pragma omp parallel for schedule(static)
  for (int i = 1; i < N; i++)
    out[i] = in[i - 1] + 1;
  printf("%d\n", out[N - 1]);
  return 0;
}
