// Semaphore throttling: at most two downloads run at once, and each adds its size to a total.
//
// The bug: the semaphore was meant to "protect" the total, but it admits two threads, not one.
// A counting semaphore limits how many run; it is no lock. Both downloads are in flight at the
// same time (the barrier stands for two connections being open together), so their updates of
// `bytes_downloaded` overlap: nothing orders one thread's read-modify-write with the other's.
//
// The fix (semaphore_throttle_fixed.c): the semaphore keeps throttling; a mutex guards the total.
// EXPECT: data-race 29 29
// TSAN: same
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

enum { kDownloads = 2, kMaxInFlight = 2 };

static sem_t download_slots;
static pthread_barrier_t both_connected;
long bytes_downloaded;

static long fetch(long index) { return 1000 + index; }

static void *download(void *index_pointer) {
  long index = (long)index_pointer;
  sem_wait(&download_slots);
  // Both transfers are open at once: the throttle allows it.
  pthread_barrier_wait(&both_connected);
  long size = fetch(index);
  bytes_downloaded += size;  // RACE
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
