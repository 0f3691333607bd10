// `both_ways`: the annotated hand-off of hand_off.cpp, silent. `both_ways race`: also a real data
// race on `unguarded`, reported at the line marked RACE with the same key by either build.
#include <pthread.h>
#include <stdio.h>
#include <string.h>

int hand_off_payload(void);

long unguarded;

static void *store_unguarded(void *unused) {
  (void)unused;
  unguarded = 1;  // RACE
  return NULL;
}

int main(int argc, char **argv) {
  printf("both_ways: received %d\n", hand_off_payload());
  if (argc > 1 && strcmp(argv[1], "race") == 0) {
    pthread_t first, second;
    pthread_create(&first, NULL, store_unguarded, NULL);
    pthread_create(&second, NULL, store_unguarded, NULL);
    pthread_join(first, NULL);
    pthread_join(second, NULL);
  }
  return 0;
}
