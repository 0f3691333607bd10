// Happens-before annotations name one synchronization each: the consumer waits for the second
// slot but only says AnnotateHappensAfter on the first slot, whose AnnotateHappensBefore came
// before the second slot was written. The second slot's write and read race.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

void AnnotateHappensBefore(const char *file, int line, const volatile void *addr);
void AnnotateHappensAfter(const char *file, int line, const volatile void *addr);

static int slots[2];
static int filled;

static void *producer(void *unused) {
  (void)unused;
  slots[0] = 10;
  AnnotateHappensBefore(__FILE__, __LINE__, &slots[0]);
  __atomic_store_n(&filled, 1, __ATOMIC_RELAXED);
  slots[1] = 20;  // RACE
  AnnotateHappensBefore(__FILE__, __LINE__, &slots[1]);
  __atomic_store_n(&filled, 2, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (__atomic_load_n(&filled, __ATOMIC_RELAXED) < 2) sched_yield();
  AnnotateHappensAfter(__FILE__, __LINE__, &slots[0]);  // the wrong slot
  int first = slots[0];
  int second = slots[1];  // RACE
  printf("slots %d %d\n", first, second);
  pthread_join(thread, NULL);
  return 0;
}
