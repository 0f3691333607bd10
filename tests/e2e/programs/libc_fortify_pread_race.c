// pread(2) through its fortified entry point __pread_chk (what gcc-built code calls for a pread
// into a buffer of known size): the worker reads a file's header into a buffer while main looks
// at the buffer, with nothing ordering them.
// EXPECT: data-race
// TSAN: differs clang-14's TSan does not intercept __pread_chk and reports nothing
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

char header[8];
int loaded;
int file;

static void *load_header(void *unused) {
  (void)unused;
  ssize_t got;
  got = __pread_chk(file, header, sizeof header, 4, sizeof header);  // RACE
  __atomic_store_n(&loaded, got > 0, __ATOMIC_RELAXED);
  return NULL;
}

int main(void) {
  FILE *stream = tmpfile();
  if (stream == NULL) return 1;
  file = fileno(stream);
  static const char text[16] = "skipHEADERbody";
  if (write(file, text, sizeof text) != sizeof text) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, load_header, NULL);
  while (!__atomic_load_n(&loaded, __ATOMIC_RELAXED)) sched_yield();
  char seen;
  seen = header[1];  // RACE
  pthread_join(worker, NULL);
  fclose(stream);
  printf("%c\n", seen);
  return 0;
}
