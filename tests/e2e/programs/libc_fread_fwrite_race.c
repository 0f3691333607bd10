// stdio on the program's behalf: the worker fread()s into a buffer while main fwrite()s the same
// buffer out. Two different FILEs, so stdio's own locks order nothing between them.
// EXPECT: data-race
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char record[32];
FILE *input;
int loaded;

static void *load(void *unused) {
  (void)unused;
  size_t items;
  items = fread(record, 1, sizeof record, input);  // RACE
  __atomic_store_n(&loaded, items != 0, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  input = tmpfile();
  FILE *output = fopen("/dev/null", "w");
  if (input == NULL || output == NULL) return 1;
  static const char text[32] = "thirty-one characters of record";
  if (fwrite(text, 1, sizeof text, input) != sizeof text) return 1;
  rewind(input);
  pthread_t worker;
  pthread_create(&worker, NULL, load, NULL);
  while (!__atomic_load_n(&loaded, __ATOMIC_RELAXED)) sched_yield();
  size_t items;
  items = fwrite(record, 1, sizeof record, output);  // RACE
  pthread_join(worker, NULL);
  fclose(output);
  fclose(input);
  printf("%zu\n", items);
  return 0;
}
