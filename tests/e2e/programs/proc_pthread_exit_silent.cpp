// Workers leave with pthread_exit from three instrumented C++ frames deep, through a destructor
// and a lock_guard on the forced-unwind path; main joins each before reading: silent. The join
// must acquire the clock of a thread that ended by pthread_exit, and the unwound lock_guard
// must have released its lock in the model too.
// EXPECT: silent
// TSAN: same
// PRINTS: sum 30 exits 3
#include <pthread.h>
#include <mutex>
#include <cstdio>

std::mutex exit_lock;
long results[3];
int exits_seen;

struct CountExit {
  ~CountExit() { exits_seen++; }  // under exit_lock: the guard below is destroyed after this
};

__attribute__((noinline)) void finish_deep(long index, int depth) {
  if (depth == 0) {
    results[index] = 10;
    std::lock_guard<std::mutex> guard(exit_lock);
    CountExit count;
    pthread_exit(reinterpret_cast<void *>(index));
  }
  finish_deep(index, depth - 1);
}

void *worker(void *index) {
  finish_deep(reinterpret_cast<long>(index), 3);
  return nullptr;
}

int main() {
  pthread_t threads[3];
  for (long i = 0; i < 3; ++i) pthread_create(&threads[i], nullptr, worker, reinterpret_cast<void *>(i));
  for (pthread_t thread : threads) pthread_join(thread, nullptr);
  long sum = 0;
  for (long value : results) sum += value;
  std::lock_guard<std::mutex> guard(exit_lock);
  std::printf("sum %ld exits %d\n", sum, exits_seen);
  return 0;
}
