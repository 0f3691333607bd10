// Message passing with a *relaxed* flag (twin of message_passing_acqrel.cpp).
//
// The bug: `ready` is stored and loaded with memory_order_relaxed. A relaxed atomic is atomic on
// its own but orders nothing else: seeing ready == true does not make the sender's earlier writes
// to the message visible. The compiler or CPU may reorder them, and the plain write of `id` and
// the receiver's plain read of it are a data race, even though the flag itself is fine.
//
// The fix: release on the store, acquire on the load (message_passing_acqrel.cpp).
// EXPECT: data-race 25 29
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

struct Message {
  int id;
  int priority;
};

Message mailbox;
std::atomic<bool> ready{false};

int main() {
  std::thread sender([] {
    mailbox.id = 7;  // RACE
    ready.store(true, std::memory_order_relaxed);
  });
  while (!ready.load(std::memory_order_relaxed)) std::this_thread::yield();
  std::printf("message %d\n", mailbox.id);  // RACE
  sender.join();
  return 0;
}
