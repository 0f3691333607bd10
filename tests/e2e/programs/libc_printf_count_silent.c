// printf and snprintf store counts through %n and %hhn; the thread reading them joins the
// writer first: ordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -fno-builtin
#include <pthread.h>
#include <stdio.h>

int printed;
signed char short_count;
char line[32];

static void *count(void *unused) {
  (void)unused;
  printf("%s%n\n", "counted", &printed);
  snprintf(line, sizeof line, "%d%hhn", 12345, &short_count);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, count, NULL);
  pthread_join(worker, NULL);
  return printed == 7 && short_count == 5 ? 0 : 1;
}
