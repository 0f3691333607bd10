// Five dining philosophers who really deadlock: the dinner of dining_philosophers_cycle.c, with
// everybody seated at once.
//
// Each philosopher takes the fork on the left (fork i), waits until all five have theirs, then
// reaches for the fork on the right (fork (i + 1) % 5), held by the neighbour. Every philosopher
// waits for the next one: a wait-for cycle of five threads, and the program would hang forever.
// Interlock first reports the lock-order cycle as the fifth request closes it, then, about a
// tenth of a second after the five threads stopped moving, a `deadlock` naming each blocked
// philosopher, the fork it waits for and who holds it; it then ends the program with exit status
// 67 instead of letting it hang. The fix is dining_philosophers_ordered.c (a global fork order).
// EXPECT: lock-order-cycle 35 35 35 35 35
// EXPECT: deadlock 35 35 35 35 35
// TSAN: differs clang-14's TSan reports the lock-order inversion, then hangs with the program
#include <pthread.h>
#include <stdio.h>

enum { kPhilosophers = 5 };

static pthread_mutex_t forks[kPhilosophers];
static pthread_barrier_t all_seated;  // everybody holds a left fork before anybody reaches right
static int meals_eaten[kPhilosophers];

static void take_left(int seat) { pthread_mutex_lock(&forks[seat]); }

static void put_down(int seat) {
  pthread_mutex_unlock(&forks[(seat + 1) % kPhilosophers]);
  pthread_mutex_unlock(&forks[seat]);
}

static void *dine(void *seat_pointer) {
  const int seat = *(const int *)seat_pointer;
  take_left(seat);
  pthread_barrier_wait(&all_seated);
  pthread_mutex_t *right = &forks[(seat + 1) % kPhilosophers];
  pthread_mutex_lock(right);  // blocks forever: the neighbour holds it and waits too
  meals_eaten[seat] += 1;
  put_down(seat);
  return NULL;
}

int main(void) {
  for (int i = 0; i < kPhilosophers; ++i) pthread_mutex_init(&forks[i], NULL);
  pthread_barrier_init(&all_seated, NULL, kPhilosophers);
  pthread_t philosophers[kPhilosophers];
  int seats[kPhilosophers];
  for (int i = 0; i < kPhilosophers; ++i) {
    seats[i] = i;
    pthread_create(&philosophers[i], NULL, dine, &seats[i]);
  }
  for (int i = 0; i < kPhilosophers; ++i) pthread_join(philosophers[i], NULL);
  int meals = 0;
  for (int i = 0; i < kPhilosophers; ++i) meals += meals_eaten[i];
  printf("%d meals eaten\n", meals);  // never reached
  return 0;
}
