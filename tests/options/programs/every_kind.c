// One finding of each kind the runtime reports: a data race, a lock-order cycle (taken in turn
// by two threads one after the other, so it never hangs), a mutex misuse (an unlock of a mutex
// nobody holds), and last a real deadlock (main re-locks a mutex it holds), which ends the
// program with deadlock_exitcode. Used for the summary line's count by kind.
#include <pthread.h>
#include <stdio.h>

long shared_value;
pthread_mutex_t first_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t second_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t never_locked = PTHREAD_MUTEX_INITIALIZER;

static void *store_value(void *unused) {
  (void)unused;
  shared_value = 1;
  return NULL;
}

static void *first_then_second(void *unused) {
  (void)unused;
  pthread_mutex_lock(&first_lock);
  pthread_mutex_lock(&second_lock);
  pthread_mutex_unlock(&second_lock);
  pthread_mutex_unlock(&first_lock);
  return NULL;
}

static void *second_then_first(void *unused) {
  (void)unused;
  pthread_mutex_lock(&second_lock);
  pthread_mutex_lock(&first_lock);
  pthread_mutex_unlock(&first_lock);
  pthread_mutex_unlock(&second_lock);
  return NULL;
}

static void run_two(void *(*a)(void *), void *(*b)(void *), int one_after_other) {
  pthread_t first, second;
  pthread_create(&first, NULL, a, NULL);
  if (one_after_other) pthread_join(first, NULL);
  pthread_create(&second, NULL, b, NULL);
  if (!one_after_other) pthread_join(first, NULL);
  pthread_join(second, NULL);
}

int main(void) {
  run_two(store_value, store_value, 0);
  run_two(first_then_second, second_then_first, 1);
  pthread_mutex_unlock(&never_locked);
  printf("every_kind: before the deadlock\n");
  fflush(stdout);
  pthread_mutex_lock(&first_lock);
  pthread_mutex_lock(&first_lock);
  return 0;
}
