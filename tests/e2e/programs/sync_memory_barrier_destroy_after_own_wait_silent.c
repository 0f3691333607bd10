// A barrier destroyed by main as soon as its own wait returns, before it joins the others, as
// glibc allows: every thread's arrival (its read of the barrier) happens before every thread
// leaves, so the destroy is ordered after all of them. Also a barrier in a heap block freed the
// same way.
// EXPECT: silent
// TSAN: differs clang-14's TSan also records a read of the barrier when each wait returns, which races with main's destroy right after its own wait
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { kThreads = 4 };

static pthread_barrier_t start_line;
static pthread_barrier_t *finish_line;
static int results[kThreads];

static void *runner(void *raw) {
  int index = (int)(long)raw;
  pthread_barrier_wait(&start_line);
  results[index] = index * 2;
  pthread_barrier_wait(finish_line);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&start_line, NULL, kThreads + 1);
  finish_line = malloc(sizeof *finish_line);
  pthread_barrier_init(finish_line, NULL, kThreads + 1);
  pthread_t threads[kThreads];
  for (long i = 0; i < kThreads; i++) pthread_create(&threads[i], NULL, runner, (void *)i);
  pthread_barrier_wait(&start_line);
  pthread_barrier_destroy(&start_line);
  pthread_barrier_wait(finish_line);
  pthread_barrier_destroy(finish_line);
  free(finish_line);
  int sum = 0;
  for (int i = 0; i < kThreads; i++) sum += results[i];
  for (int i = 0; i < kThreads; i++) pthread_join(threads[i], NULL);
  printf("sum %d\n", sum);
  return 0;
}
