// Driver for the real-program benchmark (bench/real/run.sh): moodycamel::BlockingConcurrentQueue
// from Debian's libconcurrentqueue-dev (header-only). 2 producers each enqueue N/2 items (single
// enqueues with a producer token, and bulk enqueues every 16th round); 2 consumers dequeue with
// consumer tokens (wait_dequeue_bulk with a timeout, so they also block on the queue's
// lightweight semaphore) until all N are taken. Each item is its index; the consumers' sums are
// checked against N(N-1)/2 and a per-item seen table is checked for exactly-once delivery.
// The queue is lock-free: relaxed and acquire/release atomics on block indices and slot flags,
// a semaphore built from an atomic count and a POSIX semaphore.
// Usage: concurrentqueue_driver [item_count]
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "blockingconcurrentqueue.h"

namespace {

constexpr int kProducerCount = 2;
constexpr int kConsumerCount = 2;
constexpr std::size_t kBulk = 16;

}  // namespace

int main(int argc, char **argv) {
  const std::uint64_t item_count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2000000;
  moodycamel::BlockingConcurrentQueue<std::uint64_t> queue;
  std::vector<unsigned char> seen(item_count, 0);  // each slot written by the one consumer
                                                   // that dequeued that item
  std::atomic<std::uint64_t> taken{0};
  std::uint64_t sums[kConsumerCount] = {};

  std::vector<std::thread> threads;
  for (int p = 0; p < kProducerCount; ++p) {
    threads.emplace_back([&queue, p, item_count] {
      moodycamel::ProducerToken token(queue);
      const std::uint64_t first = item_count / kProducerCount * p;
      const std::uint64_t last =
          p == kProducerCount - 1 ? item_count : item_count / kProducerCount * (p + 1);
      std::uint64_t next = first;
      std::uint64_t batch[kBulk];
      for (std::uint64_t round = 0; next < last; ++round) {
        if (round % 16 == 15 && last - next >= kBulk) {
          for (std::size_t k = 0; k < kBulk; ++k) batch[k] = next + k;
          queue.enqueue_bulk(token, batch, kBulk);
          next += kBulk;
        } else {
          queue.enqueue(token, next++);
        }
      }
    });
  }
  for (int c = 0; c < kConsumerCount; ++c) {
    threads.emplace_back([&, c] {
      moodycamel::ConsumerToken token(queue);
      std::uint64_t batch[kBulk];
      std::uint64_t sum = 0;
      while (taken.load(std::memory_order_relaxed) < item_count) {
        std::size_t got = queue.wait_dequeue_bulk_timed(token, batch, kBulk, 1000);
        for (std::size_t k = 0; k < got; ++k) {
          sum += batch[k];
          seen[batch[k]] += 1;
        }
        taken.fetch_add(got, std::memory_order_relaxed);
      }
      sums[c] = sum;
    });
  }
  for (std::thread &thread : threads) thread.join();

  std::uint64_t total = 0;
  for (std::uint64_t sum : sums) total += sum;
  std::uint64_t wrong = 0;
  for (unsigned char count : seen) wrong += count != 1;
  const std::uint64_t expected = item_count * (item_count - 1) / 2;
  if (total != expected || wrong != 0) {
    std::fprintf(stderr, "concurrentqueue_driver: sum %llu (expected %llu), %llu items not seen once\n",
                 (unsigned long long)total, (unsigned long long)expected, (unsigned long long)wrong);
    return 1;
  }
  std::printf("concurrentqueue_driver: %llu items\n", (unsigned long long)item_count);
  return 0;
}
