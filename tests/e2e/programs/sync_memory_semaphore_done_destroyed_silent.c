// A completion semaphore on main's stack: the worker posts it once when done, main waits and
// destroys it at once (the post's read of the semaphore comes before the release main's wait
// acquires). Repeated with a fresh semaphore at the same stack address, initialized after the
// previous worker's post was waited for.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static long results[100];

struct job {
  sem_t done;
  int index;
};

static void *worker(void *raw) {
  struct job *job = raw;
  results[job->index] = job->index * 3;
  sem_post(&job->done);
  return NULL;
}

static void run_one(int index) {
  struct job job;
  job.index = index;
  sem_init(&job.done, 0, 0);
  pthread_t thread;
  pthread_create(&thread, NULL, worker, &job);
  pthread_detach(thread);
  sem_wait(&job.done);
  sem_destroy(&job.done);
}

int main(void) {
  long sum = 0;
  for (int i = 0; i < 100; i++) {
    run_one(i);
    sum += results[i];
  }
  printf("sum %ld\n", sum);
  return 0;
}
