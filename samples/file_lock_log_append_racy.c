// Two writers appending numbered records to one log, with no lock: the shell pipeline story
//   producer_a >> app.log &  producer_b >> app.log &
// where each writer reads the next record number, writes its record and bumps the number. Here
// the two writers are threads standing for the two processes (Interlock sees memory, not file
// contents): each opens the log itself, as a separate process would, and the record number they
// share lives in memory. Unlocked, the read-and-bump of the number races, and two records may get
// the same number. Interlock reports the data race on 'next_record'. The fix is
// file_lock_log_append_flock.c: flock(LOCK_EX) around each append, as `flock -x 200` does in a
// shell.
// EXPECT: data-race 25 25
// TSAN: same
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char log_path[64];
static int next_record = 1;

static void *writer(void *name) {
  int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  for (int i = 0; i < 100; i++) {
    char line[64];
    int number = next_record++;  // RACE
    int length = snprintf(line, sizeof line, "%d %s\n", number, (const char *)name);
    if (write(log, line, (size_t)length) != length) break;
  }
  close(log);
  return NULL;
}

int main(void) {
  snprintf(log_path, sizeof log_path, "/tmp/interlock-sample-log-%d", (int)getpid());
  pthread_t a, b;
  pthread_create(&a, NULL, writer, "producer_a");
  pthread_create(&b, NULL, writer, "producer_b");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("last record number: %d (200 expected)\n", next_record - 1);
  unlink(log_path);
  return 0;
}
