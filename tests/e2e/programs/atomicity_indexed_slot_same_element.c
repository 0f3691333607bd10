// The racy twin of atomicity_stack_slot_reuse_silent: the element is chosen by an index too, but
// the index (`cursor`) does not move. T1 reads values[cursor] in one critical section, T2 adds to
// values[cursor] in between, and T1 writes back what it read plus one in its next section: the
// index read again there is unchanged since T1's read, so it is the same element and T2's
// update is lost.
// EXPECT: atomicity-violation
// TSAN: differs TSan checks happens-before only: every access is locked, so it is silent
// ALSO AT: -O2
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long values[8];
static int cursor;  // set once before the threads start: an index, not a constant
static sem_t read_done, added;

static long current_value(void) {
  pthread_mutex_lock(&table_lock);
  long value = values[cursor];  // LOST
  pthread_mutex_unlock(&table_lock);
  return value;
}

static void set_current_value(long value) {
  pthread_mutex_lock(&table_lock);
  values[cursor] = value;  // LOST
  pthread_mutex_unlock(&table_lock);
}

static void *incrementer(void *arg) {
  (void)arg;
  long value = current_value();
  sem_post(&read_done);
  sem_wait(&added);
  set_current_value(value + 1);
  return NULL;
}

static void *adder(void *arg) {
  (void)arg;
  sem_wait(&read_done);
  pthread_mutex_lock(&table_lock);
  values[cursor] += 10;  // LOST
  pthread_mutex_unlock(&table_lock);
  sem_post(&added);
  return NULL;
}

int main(int argc, char **argv) {
  (void)argv;
  cursor = argc + 2;
  sem_init(&read_done, 0, 0);
  sem_init(&added, 0, 0);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, incrementer, NULL);
  pthread_create(&t2, NULL, adder, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("value %ld\n", values[cursor]);
  return 0;
}
