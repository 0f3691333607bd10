// A work-stealing runtime's join: the parent waits for its children with acquire loads of a
// counter until their acq_rel fetch_subs bring it to zero, then reads their results. Each
// child's result write happens before its fetch_sub, and the parent's acquire load that reads
// zero reads the last fetch_sub of the release sequence, so every result write happens before
// the parent's reads. Repeated many times with fresh counters, so the parent often sees the new
// value while the last child is still inside its read-modify-write. Silent.
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {

constexpr int kChildren = 3;
constexpr int kRounds = 200;

struct Task {
  std::atomic<int> join_counter{kChildren};
  long results[kChildren] = {};
};

void child(Task *task, int index) {
  task->results[index] = index + 1;
  task->join_counter.fetch_sub(1, std::memory_order_acq_rel);
}

}  // namespace

int main() {
  long total = 0;
  for (int round = 0; round < kRounds; ++round) {
    Task *task = new Task;
    std::thread children[kChildren];
    for (int i = 0; i < kChildren; ++i) children[i] = std::thread(child, task, i);
    while (task->join_counter.load(std::memory_order_acquire) != 0) {
    }
    for (long result : task->results) total += result;
    for (std::thread &t : children) t.join();
    delete task;
  }
  std::printf("total %ld\n", total);
  return total == long(kRounds) * (kChildren * (kChildren + 1) / 2) ? 0 : 1;
}
