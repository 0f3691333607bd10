// Links against counter_library.c's shared library; its two threads race inside the library.
#include <pthread.h>
#include <stdio.h>

void bump_library_counter(void);

static void *bump(void *unused) {
  (void)unused;
  bump_library_counter();
  return NULL;
}

int main(void) {
  pthread_t first, second;
  pthread_create(&first, NULL, bump, NULL);
  pthread_create(&second, NULL, bump, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  printf("uses_counter_library: finished\n");
  return 0;
}
