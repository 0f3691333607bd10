// A worker maps a page, fills it, unmaps it and says so through a relaxed flag (which orders
// nothing). Main then maps a new page at the same address and fills it: new memory, whose only
// history is main's, like an io_uring ring or an arena mapped again after another thread let it
// go. Judged by the old page's history, main's writes would race with the worker's. Silent.
// EXPECT: silent
// TSAN: same
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { kPage = 4096, kWords = kPage / sizeof(long) };

static long *mapped;
static int unmapped;

static void *worker(void *unused) {
  (void)unused;
  for (int i = 0; i < kWords; i++) mapped[i] = i;
  munmap(mapped, kPage);
  __atomic_store_n(&unmapped, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  mapped = mmap(NULL, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return 1;
  long *const first = mapped;
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);
  while (!__atomic_load_n(&unmapped, __ATOMIC_RELAXED)) sched_yield();
  // The same address again (the test needs it; FIXED_NOREPLACE fails rather than clobber).
  long *again = mmap(first, kPage, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (again != first) abort();
  long sum = 0;
  for (int i = 0; i < kWords; i++) again[i] = 2 * i;
  for (int i = 0; i < kWords; i++) sum += again[i];
  pthread_join(thread, NULL);
  printf("sum %ld\n", sum);
  munmap(again, kPage);
  return 0;
}
