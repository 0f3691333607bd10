// Tickets from an atomic counter taken with a load and a store: T1 loads 0, T2 takes ticket 0
// and stores 1 meanwhile, T1 stores 1 too: ticket 0 is issued twice. No data race (all accesses
// are atomic) but a lost update: the store's value is computed from the load.
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: atomics never race, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int next_ticket;
static int t1_loaded, t2_done;  // a schedule, not synchronization: relaxed
static int tickets[2];

// `between` runs after the load: the schedule's pause, or nothing.
static int take_ticket(void (*between)(void)) {
  int t = atomic_load(&next_ticket);  // LOST
  if (between) between();
  atomic_store(&next_ticket, t + 1);  // LOST x2
  return t;
}

static void let_second_run(void) {
  __atomic_store_n(&t1_loaded, 1, __ATOMIC_RELAXED);
  while (!__atomic_load_n(&t2_done, __ATOMIC_RELAXED)) sched_yield();
}

static void *first(void *unused) {
  (void)unused;
  tickets[0] = take_ticket(let_second_run);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!__atomic_load_n(&t1_loaded, __ATOMIC_RELAXED)) sched_yield();
  tickets[1] = take_ticket(NULL);
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
