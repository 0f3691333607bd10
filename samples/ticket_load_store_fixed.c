// The fixed twin of ticket_load_store_racy.c: a ticket is one atomic_fetch_add, so no
// ticket is issued twice; and a load followed by a store of a value that does not come from it
// (a reset) is no lost update.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int next_ticket;
static atomic_int generation;
static int t1_loaded, t2_done;  // a schedule, not synchronization: relaxed
static int tickets[2];

static void let_second_run(void) {
  __atomic_store_n(&t1_loaded, 1, __ATOMIC_RELAXED);
  while (!__atomic_load_n(&t2_done, __ATOMIC_RELAXED)) sched_yield();
}

static void *first(void *unused) {
  (void)unused;
  int seen = atomic_load(&generation);
  tickets[0] = atomic_fetch_add(&next_ticket, 1);
  let_second_run();
  atomic_store(&generation, 7);  // a reset: not computed from `seen`
  printf("generation was %d\n", seen);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&t1_loaded, __ATOMIC_RELAXED)) sched_yield();
  tickets[1] = atomic_fetch_add(&next_ticket, 1);
  atomic_store(&generation, atomic_load(&generation) + 1);
  __atomic_store_n(&t2_done, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("tickets %d %d\n", tickets[0], tickets[1]);
  return 0;
}
