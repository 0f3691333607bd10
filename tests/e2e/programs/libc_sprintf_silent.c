// sprintf, snprintf (also truncating) and vsnprintf in a thread, the buffers read after joining
// it: ordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

char status[32] = "starting";
char truncated[8];
char logged[32];

static int log_line(char *buffer, size_t size, const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  const int result = vsnprintf(buffer, size, format, arguments);
  va_end(arguments);
  return result;
}

static void *format_status(void *unused) {
  (void)unused;
  sprintf(status, "%s: %d", "jobs", 42);
  snprintf(truncated, sizeof truncated, "%s", "a much longer text");
  log_line(logged, sizeof logged, "%d-%s", 7, "done");
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, format_status, NULL);
  pthread_join(worker, NULL);
  printf("%s|%s|%s\n", status, truncated, logged);
  return 0;
}
