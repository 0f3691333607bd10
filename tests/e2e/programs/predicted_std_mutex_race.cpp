// C++: a cache's `hits` counter is bumped outside the lock by T1 and reset outside it by T2; in
// this run both also take `cache_mutex` for unrelated work (T1 inserts a key, T2 reads the size),
// T1 first. Those sections touch different members, so the mutex orders the counter's accesses
// only by chance: reversed, T1's increment and T2's reset race.
// EXPECT: predicted-race
// TSAN: differs TSan (pure happens-before) is silent when the schedule orders the accesses
// ALSO AT: -O2
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

struct Cache {
  std::mutex cache_mutex;
  int keys[16] = {};
  int size = 0;
  int capacity = 16;
  long hits = 0;
};

static Cache cache;
static std::atomic<int> first_done{0};  // a schedule, not synchronization: relaxed

int main() {
  std::thread t1([] {
    cache.hits++;  // RACE
    {
      std::lock_guard<std::mutex> guard(cache.cache_mutex);
      cache.keys[cache.size++] = 7;
    }
    first_done.store(1, std::memory_order_relaxed);
  });
  std::thread t2([] {
    while (!first_done.load(std::memory_order_relaxed)) std::this_thread::yield();
    int capacity;
    {
      std::lock_guard<std::mutex> guard(cache.cache_mutex);
      capacity = cache.capacity;
    }
    cache.hits = capacity;  // RACE
  });
  t1.join();
  t2.join();
  std::printf("%ld %d\n", cache.hits, cache.size);
  return 0;
}
