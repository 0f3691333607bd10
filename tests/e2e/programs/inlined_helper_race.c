// The racy store sits in a helper that is always inlined into its callers: the report must
// still point at the helper's line, not at the caller.
// EXPECT: data-race
// TSAN: same
// ARGS: -O2
#include <pthread.h>
#include <stdio.h>

int last_error;

static inline __attribute__((always_inline)) void set_error(int code) {
  last_error = code;  // RACE x2
}

static void *parse_header(void *unused) {
  (void)unused;
  set_error(4);
  return NULL;
}

static void *parse_body(void *unused) {
  (void)unused;
  set_error(7);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, parse_header, NULL);
  pthread_create(&b, NULL, parse_body, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", last_error);
  return 0;
}
