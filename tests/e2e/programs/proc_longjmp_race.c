// longjmp out of three nested instrumented frames back to try_step, which then writes a global
// that a worker writes too, with nothing ordering them: a data race. longjmp skips the frames'
// exits, so the runtime must restore the calling context itself: the stack of the write after
// the jump is try_step <- main, without step_level_1..3 (check_process.py checks that).
// EXPECT: data-race
// TSAN: same
// FORBIDDEN-FRAMES: step_level_1 step_level_2 step_level_3
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>

static jmp_buf recovery_point;
int aborted_steps;

__attribute__((noinline)) int step_level_3(int depth) {
  if (depth > 2) longjmp(recovery_point, depth);
  return depth;
}
__attribute__((noinline)) int step_level_2(int depth) { return step_level_3(depth + 1) + 1; }
__attribute__((noinline)) int step_level_1(int depth) { return step_level_2(depth + 1) + 1; }

__attribute__((noinline)) void try_step(void) {
  if (setjmp(recovery_point) == 0) {
    step_level_1(1);
  } else {
    aborted_steps = aborted_steps + 1;  // RACE:AFTERJUMP
  }
}

static void *reset_steps(void *unused) {
  (void)unused;
  aborted_steps = 0;  // RACE:WORKER
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, reset_steps, NULL);
  try_step();
  pthread_join(worker, NULL);
  printf("aborted %d\n", aborted_steps);
  return 0;
}
