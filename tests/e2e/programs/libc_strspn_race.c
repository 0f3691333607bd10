// strcspn looks for a separator in a line that another thread is still editing: the search reads
// the whole line up to its terminator, the edited byte included.
// EXPECT: data-race
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

char line[32] = "name value";
int edited;

static void *edit_line(void *unused) {
  (void)unused;
  line[7] = 'V';  // RACE
  __atomic_store_n(&edited, 1, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, edit_line, NULL);
  while (!__atomic_load_n(&edited, __ATOMIC_RELAXED)) sched_yield();
  size_t key_length;
  key_length = strcspn(line, "=;");  // RACE
  pthread_join(worker, NULL);
  printf("%zu\n", key_length);
  return 0;
}
