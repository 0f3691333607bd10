// A test made afresh in the write's own critical section does not save a write whose value was
// computed from the earlier read: T1 reads the counter through a getter (its check), and in its
// next section writes back that read plus one if the counter is still under its limit. T2 added
// 10 in between: the new test passes, and T1's write loses T2's update.
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O0 -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static const long limit = 100;
static sem_t read_done, added;

static long read_counter(void) {
  pthread_mutex_lock(&counter_lock);
  long seen = counter;  // LOST
  pthread_mutex_unlock(&counter_lock);
  return seen;
}

static void *updater(void *arg) {
  (void)arg;
  long seen = read_counter();
  sem_post(&read_done);
  sem_wait(&added);
  pthread_mutex_lock(&counter_lock);
  if (counter < limit)  // tested again, but the value written is the getter's
    counter = seen + 1;  // LOST
  pthread_mutex_unlock(&counter_lock);
  return NULL;
}

static void *adder(void *arg) {
  (void)arg;
  sem_wait(&read_done);
  pthread_mutex_lock(&counter_lock);
  counter += 10;  // LOST
  pthread_mutex_unlock(&counter_lock);
  sem_post(&added);
  return NULL;
}

int main(void) {
  sem_init(&read_done, 0, 0);
  sem_init(&added, 0, 0);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, updater, NULL);
  pthread_create(&t2, NULL, adder, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("counter %ld\n", counter);
  return 0;
}
