// libc_fortify_fread_race.c with main joining the worker before it writes the record out: the
// bytes __fread_chk wrote are checked, and the join orders them.
// EXPECT: silent
// PRINTS: thirty-one characters of record
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>

char record[32];
size_t record_size = 32;
FILE *input;

static void *load(void *unused) {
  if (fread(record, 1, record_size, input) != record_size) record[0] = '?';
  return unused;
}

int main(void) {
  input = tmpfile();
  if (input == NULL) return 1;
  static const char text[32] = "thirty-one characters of record";
  if (fwrite(text, 1, sizeof text, input) != sizeof text) return 1;
  rewind(input);
  pthread_t worker;
  pthread_create(&worker, NULL, load, NULL);
  pthread_join(worker, NULL);
  fclose(input);
  puts(record);
  return 0;
}
