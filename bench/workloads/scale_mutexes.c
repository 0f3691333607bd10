/* scale_mutexes: many distinct locks, each used a few times.
 * A heap array of 1 Mi pthread mutexes, each guarding its own counter. Two threads walk the whole
 * array (in opposite directions, so they meet in the middle and some locks are contended), lock
 * each mutex, increment its counter and unlock it. Every counter is touched only under its mutex,
 * so the program is race-free; each counter must end at 2. The cost measured is how the detector
 * scales with the number of synchronization objects: creating one per mutex on first use, looking
 * it up among a million, and the memory each costs (a program with a lock per object - a hash
 * table with a lock per bucket, a lock per connection - looks like this).
 * Usage: scale_mutexes [mutex_count] */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { WORKER_COUNT = 2 };

/* One counter and the mutex that guards it. */
struct guarded_counter {
  pthread_mutex_t guard;
  uint32_t value;
};

static struct guarded_counter *counters;
static size_t counter_count = 1u << 20;

static void *visit_every_counter(void *raw_worker_index) {
  int backwards = raw_worker_index != NULL;
  for (size_t step = 0; step < counter_count; ++step) {
    size_t i = backwards ? counter_count - 1 - step : step;
    pthread_mutex_lock(&counters[i].guard);
    counters[i].value += 1;
    pthread_mutex_unlock(&counters[i].guard);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1)
    counter_count = strtoull(argv[1], NULL, 10);
  if (counter_count == 0)
    return 2;
  counters = malloc(sizeof *counters * counter_count);
  if (!counters)
    return 2;
  for (size_t i = 0; i < counter_count; ++i) {
    pthread_mutex_init(&counters[i].guard, NULL);
    counters[i].value = 0;
  }
  pthread_t workers[WORKER_COUNT];
  for (intptr_t worker = 0; worker < WORKER_COUNT; ++worker)
    pthread_create(&workers[worker], NULL, visit_every_counter, (void *)worker);
  for (int worker = 0; worker < WORKER_COUNT; ++worker)
    pthread_join(workers[worker], NULL);
  size_t wrong = 0;
  for (size_t i = 0; i < counter_count; ++i) {
    if (counters[i].value != WORKER_COUNT)
      ++wrong;
    pthread_mutex_destroy(&counters[i].guard);
  }
  free(counters);
  if (wrong) {
    fprintf(stderr, "scale_mutexes: %zu of %zu counters wrong\n", wrong, counter_count);
    return 1;
  }
  printf("scale_mutexes: %zu\n", counter_count);
  return 0;
}
