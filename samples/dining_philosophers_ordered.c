// Five dining philosophers, fixed by a global lock order (twin of dining_philosophers_cycle.c).
//
// Every philosopher takes the lower-numbered of their two forks first. Philosophers 0 to 3 do the
// same as before (fork i, then fork i+1), but philosopher 4 now takes fork 0 before fork 4. All
// acquisitions follow the order fork 0 < fork 1 < ... < fork 4, so the lock-order graph has no
// cycle: whoever holds the highest fork in a chain of waits can always finish, and nobody starves
// forever. This version seats everybody at once, really concurrently, and Interlock stays silent.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

enum { kPhilosophers = 5, kMealsEach = 200 };

static pthread_mutex_t forks[kPhilosophers];
static int meals_eaten[kPhilosophers];

static void *dine(void *seat_pointer) {
  const int seat = *(const int *)seat_pointer;
  const int left = seat;
  const int right = (seat + 1) % kPhilosophers;
  // The global order: lower fork number first.
  pthread_mutex_t *first = &forks[left < right ? left : right];
  pthread_mutex_t *second = &forks[left < right ? right : left];
  for (int meal = 0; meal < kMealsEach; ++meal) {
    pthread_mutex_lock(first);
    pthread_mutex_lock(second);
    meals_eaten[seat] += 1;
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
  }
  return NULL;
}

int main(void) {
  for (int i = 0; i < kPhilosophers; ++i) pthread_mutex_init(&forks[i], NULL);
  pthread_t philosophers[kPhilosophers];
  int seats[kPhilosophers];
  for (int i = 0; i < kPhilosophers; ++i) {
    seats[i] = i;
    pthread_create(&philosophers[i], NULL, dine, &seats[i]);
  }
  for (int i = 0; i < kPhilosophers; ++i) pthread_join(philosophers[i], NULL);
  int meals = 0;
  for (int i = 0; i < kPhilosophers; ++i) meals += meals_eaten[i];
  printf("%d meals eaten (expected %d)\n", meals, kPhilosophers * kMealsEach);
  return meals == kPhilosophers * kMealsEach ? 0 : 1;
}
