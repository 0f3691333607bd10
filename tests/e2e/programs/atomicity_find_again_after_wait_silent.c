// A job list's shape from zstd's asynchronous reader: the consumer looks for a finished job under
// the lock, waits on a condition variable while none is there, and looks again; the lookup
// removes the job it finds (`jobs[i] = jobs[--count]`). The producer adds a job (count++)
// between the two lookups. The removal's write depends on a read of `count`, and the first
// lookup's read was made before the wait (another critical section); but the second lookup read
// `count` again, with the same code, in the write's own section: the write is computed from that
// fresh read, so nothing is lost. Silent (the second lookup is reached from another line, and at
// -O2 it is a second inlined copy of the lookup: it is still the same check made again).
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_done = PTHREAD_COND_INITIALIZER;
static int jobs[8];
static int count;
static atomic_int consumer_waiting;  // a schedule, not synchronization: relaxed

// Removes and returns the job numbered `wanted`, or 0 (jobs_lock held).
static int take_job_locked(int wanted) {
  for (int i = 0; i < count; i++) {
    if (jobs[i] == wanted) {
      jobs[i] = jobs[--count];
      return wanted;
    }
  }
  return 0;
}

static void *producer(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&consumer_waiting, memory_order_relaxed)) sched_yield();
  pthread_mutex_lock(&jobs_lock);
  jobs[count++] = 7;
  pthread_cond_signal(&job_done);
  pthread_mutex_unlock(&jobs_lock);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  pthread_mutex_lock(&jobs_lock);
  int job = take_job_locked(7);
  atomic_store_explicit(&consumer_waiting, 1, memory_order_relaxed);
  while (!job) {
    pthread_cond_wait(&job_done, &jobs_lock);
    job = take_job_locked(7);
  }
  pthread_mutex_unlock(&jobs_lock);
  pthread_join(thread, NULL);
  printf("took job %d, %d left\n", job, count);
  return 0;
}
