// A fortified build: fread into a buffer of known size, with a count the compiler does not know,
// becomes __fread_chk, which glibc implements without going through fread. The worker loads a
// record while main writes the same buffer out, with nothing ordering them.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __fread_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

char record[32];
size_t record_size = 32;
FILE *input;
int loaded;

static void *load(void *unused) {
  size_t items;
  items = fread(record, 1, record_size, input);  // RACE
  __atomic_store_n(&loaded, items != 0, __ATOMIC_RELAXED);
  return unused;
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
