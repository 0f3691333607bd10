// The worker fread()s into a buffer; main fwrite()s it out after joining the worker.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

char record[32];
FILE *input;

static void *load(void *unused) {
  (void)unused;
  if (fread(record, 1, sizeof record, input) != sizeof record) record[0] = '?';
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
  pthread_join(worker, NULL);
  size_t items = fwrite(record, 1, sizeof record, output);
  fclose(output);
  fclose(input);
  printf("%zu\n", items);
  return 0;
}
