// A lock-free stack whose head is a std::atomic of a 16-byte {node, tag} pair. libstdc++ makes
// every operation on it a call into libatomic (even with -mcx16). The pusher fills a node, then
// installs it with a relaxed compare-exchange loop; the popper's acquire load sees the node but
// nothing was released, so reading the node's value races with its initialization.
// EXPECT: data-race
// ARGS: -latomic
// TSAN: same
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Node {
  int value;
  Node *next;
};
struct TaggedPointer {
  Node *node;
  unsigned long tag;
};
std::atomic<TaggedPointer> head{TaggedPointer{nullptr, 0}};
Node nodes[4];
}  // namespace

int main() {
  std::thread pusher([] {
    for (Node &node : nodes) {
      node.value = 7;  // RACE
      TaggedPointer old = head.load(std::memory_order_relaxed);
      do node.next = old.node;
      while (!head.compare_exchange_weak(old, TaggedPointer{&node, old.tag + 1},
                                         std::memory_order_relaxed, std::memory_order_relaxed));
    }
  });
  int sum = 0;
  TaggedPointer top;
  while ((top = head.load(std::memory_order_acquire)).node == nullptr) std::this_thread::yield();
  sum += top.node->value;  // RACE
  pusher.join();
  std::printf("%d %lu\n", sum, head.load().tag);
  return 0;
}
