// Fortified sprintf, snprintf and vsnprintf (__sprintf_chk, __snprintf_chk, __vsnprintf_chk) in
// a thread, the buffers read after joining it: ordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

char status[32] = "starting";
char truncated[8];
char logged[32];
int items = 42;

static int log_line(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  const int result = vsnprintf(logged, sizeof logged, format, arguments);
  va_end(arguments);
  return result;
}

static void *format_status(void *unused) {
  (void)unused;
  sprintf(status, "%d items", items);
  snprintf(truncated, sizeof truncated, "%s", "a much longer text");
  log_line("%d-%s", items, "done");
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, format_status, NULL);
  pthread_join(worker, NULL);
  printf("%s|%s|%s\n", status, truncated, logged);
  return 0;
}
