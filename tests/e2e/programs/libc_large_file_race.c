// Built with -D_FILE_OFFSET_BITS=64, as distribution builds often are, pread and pwrite are
// called by their large-file names pread64 and pwrite64. The worker preads a record into a
// buffer while main reads the buffer, with nothing ordering them: the kernel's write into the
// buffer races with main's read.
// EXPECT: data-race
// TSAN: same
// ARGS: -O1 -D_FILE_OFFSET_BITS=64
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

char record[8];
int loaded;
int file;

static void *load_record(void *unused) {
  (void)unused;
  ssize_t got;
  got = pread(file, record, sizeof record, 8);  // RACE
  __atomic_store_n(&loaded, got > 0, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  FILE *stream = tmpfile();
  if (stream == NULL) return 1;
  file = fileno(stream);
  static const char text[16] = "headrecord-body";
  if (pwrite(file, text, sizeof text, 0) != sizeof text) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, load_record, NULL);
  while (!__atomic_load_n(&loaded, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = record[2];  // RACE
  pthread_join(worker, NULL);
  fclose(stream);
  printf("%c\n", seen);
  return 0;
}
