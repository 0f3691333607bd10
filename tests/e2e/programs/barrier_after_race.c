// Both threads pass the barrier, then one writes and the other reads the same value. The barrier
// orders what came before it, not what comes after.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_barrier_t start_line;
int leader;

static void *runner_one(void *unused) {
  (void)unused;
  pthread_barrier_wait(&start_line);
  leader = 1;  // RACE
  return NULL;
}

static void *runner_two(void *unused) {
  (void)unused;
  pthread_barrier_wait(&start_line);
  printf("%d\n", leader);  // RACE
  return NULL;
}

int main(void) {
  pthread_barrier_init(&start_line, NULL, 2);
  pthread_t a, b;
  pthread_create(&a, NULL, runner_one, NULL);
  pthread_create(&b, NULL, runner_two, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_barrier_destroy(&start_line);
  return 0;
}
