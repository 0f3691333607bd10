// Detached workers (never joined) hand their results to main through a mutex-protected slot
// array, but each worker writes its result's 'checked' field after publishing it (after the
// unlock): main's read of that field races with the late write.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

enum { kWorkers = 8 };

struct result {
  long value;
  int checked;
};

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static struct result results[kWorkers];
static int published[kWorkers];
static int published_count;

static void *produce(void *index_pointer) {
  long index = (long)index_pointer;
  results[index].value = index * index;
  pthread_mutex_lock(&slots_lock);
  published[index] = 1;
  published_count++;
  pthread_mutex_unlock(&slots_lock);
  results[index].checked = 1;  // RACE:LATE
  return NULL;
}

int main(void) {
  for (long i = 0; i < kWorkers; ++i) {
    pthread_t worker;
    pthread_create(&worker, NULL, produce, (void *)i);
    pthread_detach(worker);
  }
  int done = 0;
  while (!done) {
    pthread_mutex_lock(&slots_lock);
    done = published_count == kWorkers;
    pthread_mutex_unlock(&slots_lock);
    sched_yield();
  }
  long sum = 0;
  int checked = 0;
  for (int i = 0; i < kWorkers; ++i) {
    sum += results[i].value;
    checked += results[i].checked;  // RACE:READ
  }
  printf("sum %ld checked %d\n", sum, checked);
  return 0;
}
