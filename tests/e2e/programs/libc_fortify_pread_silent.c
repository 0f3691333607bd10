// libc_fortify_pread_race.c with main waiting for the worker under a mutex and a condition
// variable before it looks at the header __pread_chk filled: nothing is reported.
// EXPECT: silent
// PRINTS: header EADERbod
// TSAN: same
// ARGS: -O2 -D_FORTIFY_SOURCE=2
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

char header[9];
int loaded;
int file;
pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t load_done = PTHREAD_COND_INITIALIZER;

static void *load_header(void *unused) {
  ssize_t got = __pread_chk(file, header, sizeof header - 1, 5, sizeof header);
  pthread_mutex_lock(&load_lock);
  loaded = got > 0 ? 1 : -1;
  pthread_cond_signal(&load_done);
  pthread_mutex_unlock(&load_lock);
  return unused;
}

int main(void) {
  FILE *stream = tmpfile();
  if (stream == NULL) return 1;
  file = fileno(stream);
  static const char text[16] = "skipHEADERbody";
  if (write(file, text, sizeof text) != sizeof text) return 1;
  pthread_t worker;
  pthread_create(&worker, NULL, load_header, NULL);
  pthread_mutex_lock(&load_lock);
  while (loaded == 0) pthread_cond_wait(&load_done, &load_lock);
  pthread_mutex_unlock(&load_lock);
  printf("header %s\n", header);
  pthread_join(worker, NULL);
  fclose(stream);
  return 0;
}
