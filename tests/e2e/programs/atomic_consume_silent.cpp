// Pointer publication with memory_order_consume: the reader only dereferences the pointer it
// loaded, so every payload read carries a dependency on the consume load, which is exactly what
// consume orders. (Clang emits consume as acquire; Interlock models it as acquire too.)
// EXPECT: silent
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Message {
  int id;
  char text[12];
};
std::atomic<Message *> mailbox{nullptr};
}  // namespace

int main() {
  std::thread writer([] {
    Message *message = new Message;
    message->id = 7;
    for (int i = 0; i < 11; ++i) message->text[i] = static_cast<char>('a' + i);
    message->text[11] = '\0';
    mailbox.store(message, std::memory_order_release);
  });
  Message *received;
  while ((received = mailbox.load(std::memory_order_consume)) == nullptr)
    std::this_thread::yield();
  int id = received->id;
  char last = received->text[10];
  writer.join();
  delete received;
  std::printf("%d %c\n", id, last);
  return id == 7 && last == 'k' ? 0 : 1;
}
