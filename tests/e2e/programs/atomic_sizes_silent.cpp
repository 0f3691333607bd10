// Release/acquire handoffs through flags of every width the hardware does atomically (1, 2, 4
// and 8 bytes), each flag guarding its own payload. Each width goes through its own runtime
// entry point, and each must synchronize.
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <thread>

namespace {
long payload8, payload16, payload32, payload64;
std::atomic<std::uint8_t> flag8{0};
std::atomic<std::uint16_t> flag16{0};
std::atomic<std::uint32_t> flag32{0};
std::atomic<std::uint64_t> flag64{0};
}  // namespace

int main() {
  std::thread writer([] {
    payload8 = 8;
    flag8.store(1, std::memory_order_release);
    payload16 = 16;
    flag16.fetch_add(1, std::memory_order_release);
    payload32 = 32;
    flag32.exchange(1, std::memory_order_acq_rel);
    payload64 = 64;
    std::uint64_t expected = 0;
    flag64.compare_exchange_strong(expected, 1, std::memory_order_seq_cst);
  });
  while (flag8.load(std::memory_order_acquire) == 0) std::this_thread::yield();
  long sum = payload8;
  while (flag16.load(std::memory_order_acquire) == 0) std::this_thread::yield();
  sum += payload16;
  while (flag32.load(std::memory_order_acquire) == 0) std::this_thread::yield();
  sum += payload32;
  while (flag64.load(std::memory_order_seq_cst) == 0) std::this_thread::yield();
  sum += payload64;
  writer.join();
  std::printf("%ld\n", sum);
  return sum == 120 ? 0 : 1;
}
