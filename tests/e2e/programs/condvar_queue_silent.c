// Producer/consumer over a small ring buffer with a mutex and two condition variables. The items
// themselves are written outside any lock-free trick: everything goes through the mutex.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

enum { kCapacity = 4, kItems = 2000 };

static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
int ring[kCapacity];
int head, count;

static void *produce(void *unused) {
  (void)unused;
  for (int item = 1; item <= kItems; ++item) {
    pthread_mutex_lock(&ring_lock);
    while (count == kCapacity) pthread_cond_wait(&not_full, &ring_lock);
    ring[(head + count) % kCapacity] = item;
    count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&ring_lock);
  }
  return NULL;
}

int main(void) {
  pthread_t producer;
  pthread_create(&producer, NULL, produce, NULL);
  long sum = 0;
  for (int received = 0; received < kItems; ++received) {
    pthread_mutex_lock(&ring_lock);
    while (count == 0) pthread_cond_wait(&not_empty, &ring_lock);
    sum += ring[head];
    head = (head + 1) % kCapacity;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&ring_lock);
  }
  pthread_join(producer, NULL);
  printf("%ld\n", sum);
  return sum == (long)kItems * (kItems + 1) / 2 ? 0 : 1;
}
