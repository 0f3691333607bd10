// An inverted lock order made safe by trylock and back-off.
//
// A cache evicts entries under `cache_lock`, then takes the entry's `entry_lock`: cache -> entry.
// A reader that already holds an entry wants to touch the cache (to move the entry to the front
// of the LRU list), which is the inverted order entry -> cache. Instead of blocking on the cache
// lock, it calls pthread_mutex_trylock: if the cache lock is busy it lets go of the entry, backs
// off and starts again. A trylock never waits, so the reader never holds the entry while waiting
// for the cache; the wait-for cycle can't close and there is no deadlock.
//
// Interlock records the trylock's order (it counts towards the suggested lock order) but never
// reports a cycle through a trylock edge. Both threads run truly concurrently here.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

enum { kRounds = 500 };

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t entry_lock = PTHREAD_MUTEX_INITIALIZER;
static int entry_hits, lru_moves, evictions;

static void *evict(void *unused) {
  (void)unused;
  for (int i = 0; i < kRounds; ++i) {
    pthread_mutex_lock(&cache_lock);
    pthread_mutex_lock(&entry_lock);  // the established order: cache, then entry
    evictions += 1;
    pthread_mutex_unlock(&entry_lock);
    pthread_mutex_unlock(&cache_lock);
  }
  return NULL;
}

static void *read_entry(void *unused) {
  (void)unused;
  for (int i = 0; i < kRounds; ++i) {
    for (;;) {
      pthread_mutex_lock(&entry_lock);
      entry_hits += 1;
      if (pthread_mutex_trylock(&cache_lock) == 0) {  // inverted, but never waits
        lru_moves += 1;
        pthread_mutex_unlock(&cache_lock);
        pthread_mutex_unlock(&entry_lock);
        break;
      }
      // Back off: release the entry so an evictor holding the cache lock can finish.
      pthread_mutex_unlock(&entry_lock);
      sched_yield();
    }
  }
  return NULL;
}

int main(void) {
  pthread_t evictor, reader;
  pthread_create(&evictor, NULL, evict, NULL);
  pthread_create(&reader, NULL, read_entry, NULL);
  pthread_join(evictor, NULL);
  pthread_join(reader, NULL);
  printf("%d evictions, %d LRU moves (expected %d each)\n", evictions, lru_moves, kRounds);
  return evictions == kRounds && lru_moves == kRounds ? 0 : 1;
}
