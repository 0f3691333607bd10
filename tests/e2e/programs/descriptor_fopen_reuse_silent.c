// One thread opens files with fopen and reads them through read(fileno(...)) before fclose, while
// another opens, reads and closes with open/read/close: the numbers go back and forth between
// them. fopen and fclose open and close inside libc, where no interceptor sees it; a number the
// other thread gets next is still a new file, never a race with its previous owner.
// EXPECT: silent
// TSAN: same
// PRINTS: 400 files
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int files;

static void *with_stdio(void *unused) {
  (void)unused;
  for (int i = 0; i < 200; i++) {
    FILE *file = fopen("/dev/zero", "r");
    if (file == NULL) return NULL;
    char buffer[8];
    if (read(fileno(file), buffer, sizeof buffer) < 0) return NULL;
    fclose(file);
    atomic_fetch_add_explicit(&files, 1, memory_order_relaxed);
  }
  return NULL;
}

static void *with_descriptors(void *unused) {
  (void)unused;
  for (int i = 0; i < 200; i++) {
    int fd = open("/dev/zero", O_RDONLY);
    if (fd < 0) return NULL;
    char buffer[8];
    if (read(fd, buffer, sizeof buffer) < 0) return NULL;
    close(fd);
    atomic_fetch_add_explicit(&files, 1, memory_order_relaxed);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[2];
  pthread_create(&threads[0], NULL, with_stdio, NULL);
  pthread_create(&threads[1], NULL, with_descriptors, NULL);
  pthread_join(threads[0], NULL);
  pthread_join(threads[1], NULL);
  printf("%d files\n", atomic_load(&files));
  return 0;
}
