// A detached thread posts a semaphore main waits for, then writes once more before it finishes.
// Main knows what it did up to the post, not that last write: the thread's clock slot must not go
// to the thread main starts next (two records of one slot count as ordered), or that thread's
// write of the same variable would not be seen to race.
// EXPECT: data-race
// THREADS: detached later
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t posted;
static int before_post, after_post;

static void *detached(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "detached");
  before_post = 1;
  sem_post(&posted);
  after_post = 1;  // RACE
  return NULL;
}

static void *later(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "later");
  after_post = 2;  // RACE
  return NULL;
}

int main(void) {
  sem_init(&posted, 0, 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  pthread_create(&thread, &attr, detached, NULL);
  pthread_attr_destroy(&attr);
  sem_wait(&posted);
  int seen = before_post;  // ordered by the post
  usleep(100 * 1000);  // long enough for the detached thread to finish (a sleep orders nothing)
  pthread_create(&thread, NULL, later, NULL);
  pthread_join(thread, NULL);
  printf("%d %d\n", seen, after_post);
  return 0;
}
