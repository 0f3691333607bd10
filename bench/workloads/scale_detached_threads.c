/* scale_detached_threads: many short-lived detached threads that signal their end.
 * The main thread creates 30,000 detached threads in total, keeping at most 64 alive: once 64 are
 * running it waits on a semaphore each thread posts as its last act before creating the next.
 * Each thread locks a shared mutex, adds its index to a shared sum and bumps a shared counter,
 * then posts. The program is race-free (all shared data under the mutex, the totals read after
 * every thread posted, under it); the sum and count are checked. The cost measured is what
 * scale_threads measures, for threads nobody joins: a detector can reuse a finished thread's
 * slot in its vector clocks only once the creator is ordered after the thread's accesses, which
 * the post gives (the thread released after its last access, so its clock moved past what the
 * creator learned), as in a server that runs a detached thread per request.
 * Usage: scale_detached_threads [thread_count] */
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_ALIVE = 64 };

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t index_sum;   /* guarded by shared_lock */
static uint64_t thread_runs; /* guarded by shared_lock */
static sem_t finished;

static void *touch_shared_data(void *raw_index) {
  uint64_t index = (uint64_t)(uintptr_t)raw_index;
  pthread_mutex_lock(&shared_lock);
  index_sum += index;
  thread_runs += 1;
  pthread_mutex_unlock(&shared_lock);
  sem_post(&finished);
  return NULL;
}

int main(int argc, char **argv) {
  size_t thread_count = argc > 1 ? strtoull(argv[1], NULL, 10) : 30000;
  sem_init(&finished, 0, 0);
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  size_t alive = 0;
  for (size_t i = 0; i < thread_count; ++i) {
    if (alive == MAX_ALIVE) {
      sem_wait(&finished);
      alive--;
    }
    pthread_t thread;
    if (pthread_create(&thread, &detached, touch_shared_data, (void *)(uintptr_t)i)) {
      fprintf(stderr, "scale_detached_threads: pthread_create failed at thread %zu\n", i);
      return 2;
    }
    alive++;
  }
  while (alive > 0) {
    sem_wait(&finished);
    alive--;
  }
  pthread_attr_destroy(&detached);
  uint64_t expected_sum = thread_count ? (uint64_t)thread_count * (thread_count - 1) / 2 : 0;
  pthread_mutex_lock(&shared_lock);
  int wrong = index_sum != expected_sum || thread_runs != thread_count;
  uint64_t sum = index_sum, runs = thread_runs;
  pthread_mutex_unlock(&shared_lock);
  if (wrong) {
    fprintf(stderr, "scale_detached_threads: sum %llu runs %llu, expected %llu and %zu\n",
            (unsigned long long)sum, (unsigned long long)runs, (unsigned long long)expected_sum,
            thread_count);
    return 1;
  }
  printf("scale_detached_threads: %zu\n", thread_count);
  return 0;
}
