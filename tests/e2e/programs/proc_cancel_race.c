// A worker blocked in pthread_cond_wait is cancelled; its cleanup handler (which runs with the
// mutex re-acquired) unlocks and marks the worker as stopped. main reads the mark right after
// pthread_cancel, before the join: a data race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
int items;
int worker_stopped;
static int worker_waiting;

static void stop_worker(void *unused) {
  (void)unused;
  pthread_mutex_unlock(&queue_lock);
  worker_stopped = 1;  // RACE:CLEANUP
}

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&queue_lock);
  pthread_cleanup_push(stop_worker, NULL);
  worker_waiting = 1;
  while (items == 0) pthread_cond_wait(&queue_ready, &queue_lock);
  pthread_cleanup_pop(1);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  for (;;) {  // cancel it only once it waits
    pthread_mutex_lock(&queue_lock);
    int waiting = worker_waiting;
    pthread_mutex_unlock(&queue_lock);
    if (waiting) break;
  }
  pthread_cancel(thread);
  int stopped = worker_stopped;  // RACE:PEEK
  pthread_join(thread, NULL);
  printf("stopped %d\n", stopped);
  return 0;
}
