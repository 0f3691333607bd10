/* array_sum: memory-access-heavy workload.
 * Each worker fills its own disjoint slice of one big shared array, sums that slice several
 * times, and adds its total into a shared result under a mutex. The slices never overlap and the
 * only shared write is mutex-protected, so the program is race-free: every build does the same
 * work and a detector should stay silent. The cost measured is the per-access shadow check.
 * Usage: array_sum [elements_per_thread] */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { WORKER_COUNT = 4, SUM_PASSES = 32 };

static uint32_t *shared_array;
static size_t elements_per_worker = 1u << 22;
static uint64_t grand_total;
static pthread_mutex_t grand_total_lock = PTHREAD_MUTEX_INITIALIZER;

struct worker_argument {
  size_t first_index;
};

static void *sum_own_slice(void *raw_argument) {
  const struct worker_argument *argument = raw_argument;
  uint32_t *slice = shared_array + argument->first_index;
  for (size_t i = 0; i < elements_per_worker; ++i)
    slice[i] = (uint32_t)(argument->first_index + i) & 0xffu;
  uint64_t slice_total = 0;
  for (int pass = 0; pass < SUM_PASSES; ++pass) {
    for (size_t i = 0; i < elements_per_worker; ++i)
      slice_total += slice[i];
    /* A tiny write per pass keeps the compiler from folding the passes into one multiply. */
    slice[pass] += 1;
  }
  pthread_mutex_lock(&grand_total_lock);
  grand_total += slice_total;
  pthread_mutex_unlock(&grand_total_lock);
  return NULL;
}

static uint64_t expected_total(void) {
  uint64_t total = 0;
  for (int worker = 0; worker < WORKER_COUNT; ++worker) {
    size_t first_index = (size_t)worker * elements_per_worker;
    uint64_t one_pass = 0;
    for (size_t i = 0; i < elements_per_worker; ++i)
      one_pass += (first_index + i) & 0xffu;
    total += one_pass * SUM_PASSES;
    /* Pass p sees the increments made by passes 0..p-1 to slice[0..p-1]. */
    for (int pass = 1; pass < SUM_PASSES; ++pass)
      total += (uint64_t)pass;
  }
  return total;
}

int main(int argc, char **argv) {
  if (argc > 1)
    elements_per_worker = strtoull(argv[1], NULL, 10);
  if (elements_per_worker < SUM_PASSES) {
    fprintf(stderr, "array_sum: need at least %d elements per thread\n", SUM_PASSES);
    return 2;
  }
  shared_array = malloc(sizeof *shared_array * elements_per_worker * WORKER_COUNT);
  if (!shared_array)
    return 2;
  pthread_t workers[WORKER_COUNT];
  struct worker_argument arguments[WORKER_COUNT];
  for (int worker = 0; worker < WORKER_COUNT; ++worker) {
    arguments[worker].first_index = (size_t)worker * elements_per_worker;
    pthread_create(&workers[worker], NULL, sum_own_slice, &arguments[worker]);
  }
  for (int worker = 0; worker < WORKER_COUNT; ++worker)
    pthread_join(workers[worker], NULL);
  free(shared_array);
  uint64_t expected = expected_total();
  if (grand_total != expected) {
    fprintf(stderr, "array_sum: total %llu, expected %llu\n", (unsigned long long)grand_total,
            (unsigned long long)expected);
    return 1;
  }
  printf("array_sum: %llu\n", (unsigned long long)grand_total);
  return 0;
}
