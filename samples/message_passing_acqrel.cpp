// Message passing with release/acquire atomics.
//
// The sender fills a plain struct, then stores `ready` with memory_order_release. The receiver
// spins until a memory_order_acquire load of `ready` returns true, then reads the struct. A
// release store read by an acquire load creates happens-before: everything the sender wrote
// before the store is visible to the receiver after the load, and the plain accesses to the
// message are ordered. Race-free, with no lock.
//
// The racy twin (message_passing_relaxed.cpp) uses memory_order_relaxed for the flag.
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>

struct Message {
  int id;
  char text[32];
};

Message mailbox;
std::atomic<bool> ready{false};

int main() {
  std::thread sender([] {
    mailbox.id = 7;
    std::strcpy(mailbox.text, "meet at noon");
    ready.store(true, std::memory_order_release);
  });
  while (!ready.load(std::memory_order_acquire)) std::this_thread::yield();
  std::printf("message %d: %s\n", mailbox.id, mailbox.text);
  sender.join();
  return 0;
}
