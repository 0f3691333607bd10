// A mutex's own memory: main initializes the mutex while a thread it created before the init
// locks it. Nothing orders the init before the lock (the thread only sleeps), so the lock call's
// read of the mutex races with the init's write, whichever comes first.
// EXPECT: data-race
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t counter_lock;
static int counter;

static void *worker(void *unused) {
  (void)unused;
  usleep(100 * 1000);
  pthread_mutex_lock(&counter_lock);  // RACE
  counter++;
  pthread_mutex_unlock(&counter_lock);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  pthread_mutex_init(&counter_lock, NULL);  // RACE
  pthread_join(thread, NULL);
  printf("counter %d\n", counter);
  return 0;
}
