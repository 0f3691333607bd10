// The worker fills a message and posts a semaphore; main waits on it before reading. sem_post
// happens-before the sem_wait it wakes, so the message is handed off safely.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t message_ready;
char message[32];
int message_length;

static void *compose(void *unused) {
  (void)unused;
  for (int i = 0; i < 5; ++i) message[i] = "hello"[i];
  message_length = 5;
  sem_post(&message_ready);
  return NULL;
}

int main(void) {
  sem_init(&message_ready, 0, 0);
  pthread_t worker;
  pthread_create(&worker, NULL, compose, NULL);
  sem_wait(&message_ready);
  printf("%.*s\n", message_length, message);
  pthread_join(worker, NULL);
  sem_destroy(&message_ready);
  return 0;
}
