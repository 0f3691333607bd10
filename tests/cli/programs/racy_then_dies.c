// One data race, reported; then the process ends the way argv[1] says: "exit" (normally),
// "abort", "segv" (a null store in main), "thread_segv" (the same in another thread while main
// waits), "sigterm", "sigkill" or "_exit" (status 3, no exit handlers). Every way but "exit"
// skips the runtime's exit handler, so the finding survives only in the journal.
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long shared_counter;
int *volatile nowhere;

static void *store_counter(void *unused) {
  (void)unused;
  shared_counter = 1;  // RACE
  return NULL;
}

static void *store_nowhere(void *unused) {
  (void)unused;
  *nowhere = 1;
  return NULL;
}

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "exit";
  pthread_t first, second;
  pthread_create(&first, NULL, store_counter, NULL);
  pthread_create(&second, NULL, store_counter, NULL);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  if (strcmp(how, "abort") == 0) abort();
  if (strcmp(how, "segv") == 0) store_nowhere(NULL);
  if (strcmp(how, "thread_segv") == 0) {
    pthread_t crasher;
    pthread_create(&crasher, NULL, store_nowhere, NULL);
    pthread_join(crasher, NULL);
  }
  if (strcmp(how, "sigterm") == 0) raise(SIGTERM);
  if (strcmp(how, "sigkill") == 0) raise(SIGKILL);
  if (strcmp(how, "_exit") == 0) _exit(3);
  return 0;
}
