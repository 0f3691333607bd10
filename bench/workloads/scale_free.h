/* Shared body of scale_free_fifo.c and scale_free_lifo.c (not a workload by itself): each of two
 * threads allocates its share of 1 Mi small heap blocks (16 to 256 bytes, varying), writes and
 * sums a word in each, then frees them all, either in allocation order (FREE_IN_ALLOCATION_ORDER
 * 1, FIFO) or in reverse (0, LIFO). Each block is touched by its own thread only, so the program
 * is race-free; the sums are checked. The cost measured is what the detector does per malloc and
 * per free when a million blocks are alive: finding the block on free (a free is a write of the
 * block), recording allocation stacks, and any per-block structure whose cost depends on where
 * the freed block sits among the live ones (the oldest or the newest). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { WORKER_COUNT = 2 };

struct worker_state {
  size_t first_block;
  size_t block_count;
  uint64_t *blocks_sum;
};

static size_t total_block_count = 1u << 20;

static size_t block_bytes(size_t i) { return 16 + (i * 40503u) % 241; }

static void *allocate_then_free(void *raw_state) {
  struct worker_state *state = raw_state;
  uint64_t **blocks = malloc(sizeof *blocks * (state->block_count ? state->block_count : 1));
  if (!blocks)
    abort();
  uint64_t sum = 0;
  for (size_t k = 0; k < state->block_count; ++k) {
    size_t i = state->first_block + k;
    blocks[k] = malloc(block_bytes(i));
    if (!blocks[k])
      abort();
    blocks[k][0] = i;
    blocks[k][1] = i ^ 0x5555u;
  }
  for (size_t k = 0; k < state->block_count; ++k)
    sum += blocks[k][0] + (blocks[k][1] ^ 0x5555u);
  for (size_t step = 0; step < state->block_count; ++step) {
    size_t k = FREE_IN_ALLOCATION_ORDER ? step : state->block_count - 1 - step;
    free(blocks[k]);
  }
  free(blocks);
  *state->blocks_sum = sum;
  return NULL;
}

static int run_scale_free(const char *name, int argc, char **argv) {
  if (argc > 1)
    total_block_count = strtoull(argv[1], NULL, 10);
  pthread_t workers[WORKER_COUNT];
  struct worker_state states[WORKER_COUNT];
  uint64_t sums[WORKER_COUNT];
  size_t per_worker = total_block_count / WORKER_COUNT;
  for (int worker = 0; worker < WORKER_COUNT; ++worker) {
    states[worker].first_block = (size_t)worker * per_worker;
    states[worker].block_count =
        worker == WORKER_COUNT - 1 ? total_block_count - states[worker].first_block : per_worker;
    states[worker].blocks_sum = &sums[worker];
    pthread_create(&workers[worker], NULL, allocate_then_free, &states[worker]);
  }
  uint64_t total = 0;
  for (int worker = 0; worker < WORKER_COUNT; ++worker) {
    pthread_join(workers[worker], NULL);
    total += sums[worker];
  }
  /* Each block i contributes 2 i. */
  uint64_t n = total_block_count;
  uint64_t expected = n ? n * (n - 1) : 0;
  if (total != expected) {
    fprintf(stderr, "%s: sum %llu, expected %llu\n", name, (unsigned long long)total,
            (unsigned long long)expected);
    return 1;
  }
  printf("%s: %zu\n", name, total_block_count);
  return 0;
}
