// A shared log descriptor is replaced under a mutex: writers take the mutex, write, and let go;
// the rotating thread takes it, closes the old file and opens the new one (often getting the
// same number back). Every close is ordered with every write by the mutex.
// EXPECT: silent
// TSAN: same
// PRINTS: rotated 50 times
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd;

static void *writer(void *unused) {
  (void)unused;
  for (int i = 0; i < 200; i++) {
    pthread_mutex_lock(&log_lock);
    if (write(log_fd, "entry\n", 6) != 6) {
      pthread_mutex_unlock(&log_lock);
      return NULL;
    }
    pthread_mutex_unlock(&log_lock);
  }
  return NULL;
}

static void *rotator(void *unused) {
  (void)unused;
  int rotations = 0;
  for (; rotations < 50; rotations++) {
    pthread_mutex_lock(&log_lock);
    close(log_fd);
    log_fd = open("/dev/null", O_WRONLY);
    pthread_mutex_unlock(&log_lock);
  }
  return (void *)(long)rotations;
}

int main(void) {
  log_fd = open("/dev/null", O_WRONLY);
  if (log_fd < 0) return 1;
  pthread_t threads[3];
  pthread_create(&threads[0], NULL, writer, NULL);
  pthread_create(&threads[1], NULL, writer, NULL);
  pthread_create(&threads[2], NULL, rotator, NULL);
  void *rotations;
  pthread_join(threads[0], NULL);
  pthread_join(threads[1], NULL);
  pthread_join(threads[2], &rotations);
  close(log_fd);
  printf("rotated %ld times\n", (long)rotations);
  return 0;
}
