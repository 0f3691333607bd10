// Run end to end by check_report_lines.sh at -O0..-O3: both sides of each race must name their
// source line, even where the optimizer moved the access out of its loop and left it without a
// location (the hoisted/promoted loads and stores of `counter` and `balance`), and the inlined
// `deposit` must appear as its own frame above its caller.
#include <pthread.h>
#include <stddef.h>

int counter;
long balance;

static inline void deposit(long amount) {
  balance +=
      amount;
}

static void *count_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    counter++;
  return NULL;
}

static void *deposit_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    deposit(i);
  return NULL;
}

int main(void) {
  pthread_t threads[4];
  pthread_create(&threads[0], NULL, count_worker, NULL);
  pthread_create(&threads[1], NULL, count_worker, NULL);
  pthread_create(&threads[2], NULL, deposit_worker, NULL);
  pthread_create(&threads[3], NULL, deposit_worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i], NULL);
  return 0;
}
