// A worker blocked in pthread_cond_wait is cancelled; its cleanup handler runs with the mutex
// re-acquired (POSIX), unlocks it and records that it stopped. main joins, then reads: silent.
// The model must know that the cancelled wait re-acquired the mutex: the handler's unlock is
// correct (no mutex-misuse), and main's later locking is ordered after it.
// EXPECT: silent
// TSAN: same
// PRINTS: stopped 1 items 7
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
int items;
int worker_stopped;
static int worker_waiting;

static void stop_worker(void *unused) {
  (void)unused;
  worker_stopped = 1;
  pthread_mutex_unlock(&queue_lock);
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
  pthread_join(thread, NULL);
  pthread_mutex_lock(&queue_lock);
  items = 7;
  pthread_mutex_unlock(&queue_lock);
  printf("stopped %d items %d\n", worker_stopped, items);
  return 0;
}
