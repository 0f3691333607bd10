// The reader loads the pointer with memory_order_consume, but the writer published it with a
// relaxed store. Consume (like acquire) only synchronizes with a release: nothing orders the
// writer's initialization of the message before the reader's dereference, so they race.
// EXPECT: data-race
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Message {
  int id;
  int length;
};
Message message_store;
std::atomic<Message *> mailbox{nullptr};
}  // namespace

int main() {
  std::thread writer([] {
    Message *message = &message_store;
    message->id = 7;  // RACE
    message->length = 0;
    mailbox.store(message, std::memory_order_relaxed);
  });
  Message *received;
  while ((received = mailbox.load(std::memory_order_consume)) == nullptr)
    std::this_thread::yield();
  int id = received->id;  // RACE
  writer.join();
  std::printf("%d\n", id);
  return 0;
}
