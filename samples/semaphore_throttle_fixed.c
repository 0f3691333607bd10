// Semaphore throttling, fixed (twin of semaphore_throttle_racy.c).
//
// The semaphore still admits at most two downloads at once; the shared total gets a mutex of its
// own, so the two in-flight downloads add to it one after the other. Throttling and mutual
// exclusion are different jobs: a counting semaphore does the first, a lock the second.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

enum { kDownloads = 2, kMaxInFlight = 2 };

static sem_t download_slots;
static pthread_barrier_t both_connected;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
long bytes_downloaded;

static long fetch(long index) { return 1000 + index; }

static void *download(void *index_pointer) {
  long index = (long)index_pointer;
  sem_wait(&download_slots);
  pthread_barrier_wait(&both_connected);
  long size = fetch(index);
  pthread_mutex_lock(&total_lock);
  bytes_downloaded += size;
  pthread_mutex_unlock(&total_lock);
  sem_post(&download_slots);
  return NULL;
}

int main(void) {
  sem_init(&download_slots, 0, kMaxInFlight);
  pthread_barrier_init(&both_connected, NULL, kDownloads);
  pthread_t workers[kDownloads];
  for (long i = 0; i < kDownloads; i++) pthread_create(&workers[i], NULL, download, (void *)i);
  for (long i = 0; i < kDownloads; i++) pthread_join(workers[i], NULL);
  printf("downloaded %ld bytes\n", bytes_downloaded);
  pthread_barrier_destroy(&both_connected);
  sem_destroy(&download_slots);
  return 0;
}
