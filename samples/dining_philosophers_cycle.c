// Five dining philosophers, each taking the fork on the left, then the fork on the right.
//
// Philosopher i's left fork is fork i and the right one is fork (i + 1) % 5. So philosopher 0
// takes 0 then 1, philosopher 1 takes 1 then 2, ... and philosopher 4 takes 4 then 0: the lock
// order graph is the cycle 0 -> 1 -> 2 -> 3 -> 4 -> 0. If all five pick up their left fork at the
// same moment, each waits for the right one, held by the neighbour, forever.
//
// This run never hangs: main seats the philosophers one at a time, each eating and leaving before
// the next sits down. Interlock still sees all five "holds fork i, requests fork i+1" edges and
// reports a lock-order cycle of five edges, with the acquisition that closes it and a suggested
// global order (the fix, applied in dining_philosophers_ordered.c: always take the lower-numbered
// fork first, so philosopher 4 takes fork 0 before fork 4 and the cycle cannot close).
// EXPECT: lock-order-cycle 28 28 28 28 28
// TSAN: same
#include <pthread.h>
#include <stdio.h>

enum { kPhilosophers = 5 };

static pthread_mutex_t forks[kPhilosophers];
static int meals_eaten[kPhilosophers];

static void *dine(void *seat_pointer) {
  const int seat = *(const int *)seat_pointer;
  pthread_mutex_t *left = &forks[seat];
  pthread_mutex_t *right = &forks[(seat + 1) % kPhilosophers];
  pthread_mutex_lock(left);
  pthread_mutex_lock(right);  // EDGE: holds the left fork, requests the right one
  meals_eaten[seat] += 1;
  pthread_mutex_unlock(right);
  pthread_mutex_unlock(left);
  return NULL;
}

int main(void) {
  for (int i = 0; i < kPhilosophers; ++i) pthread_mutex_init(&forks[i], NULL);
  int seats[kPhilosophers];
  for (int i = 0; i < kPhilosophers; ++i) {
    // One philosopher at the table at a time: this run cannot deadlock; a real dinner could.
    pthread_t philosopher;
    seats[i] = i;
    pthread_create(&philosopher, NULL, dine, &seats[i]);
    pthread_join(philosopher, NULL);
  }
  int meals = 0;
  for (int i = 0; i < kPhilosophers; ++i) meals += meals_eaten[i];
  printf("%d meals eaten\n", meals);
  return 0;
}
