// The worker posts the semaphore and only then updates the value again: the update after the post
// is not ordered with main's read after its wait.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t value_ready;
int value;

static void *publish(void *unused) {
  (void)unused;
  value = 1;
  sem_post(&value_ready);
  value = 2;  // RACE
  return NULL;
}

int main(void) {
  sem_init(&value_ready, 0, 0);
  pthread_t worker;
  pthread_create(&worker, NULL, publish, NULL);
  sem_wait(&value_ready);
  int seen = value;  // RACE
  pthread_join(worker, NULL);
  printf("%d\n", seen);
  sem_destroy(&value_ready);
  return 0;
}
