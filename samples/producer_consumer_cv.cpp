// Producer/consumer over a bounded ring buffer, guarded by one mutex and two condition variables.
//
// The producer waits on `not_full_` until there is room, stores the item and signals `not_empty_`;
// the consumer waits on `not_empty_`, takes the item out and signals `not_full_`. Every access to
// the slots and to head/count happens with the mutex held, and a condition-variable wait re-takes
// the mutex before returning, so each slot's write happens-before the read that takes it out and
// that read happens-before the slot is overwritten. Race-free.
//
// The racy twin (producer_consumer_racy.cpp) copies the item out after unlocking.
// EXPECT: silent
// TSAN: same
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

class BoundedQueue {
 public:
  void push(int item) {
    std::unique_lock<std::mutex> hold(lock_);
    not_full_.wait(hold, [this] { return count_ < kCapacity; });
    slots_[(head_ + count_) % kCapacity] = item;
    ++count_;
    not_empty_.notify_one();
  }

  int pop() {
    std::unique_lock<std::mutex> hold(lock_);
    not_empty_.wait(hold, [this] { return count_ > 0; });
    const int item = slots_[head_];
    head_ = (head_ + 1) % kCapacity;
    --count_;
    not_full_.notify_one();
    return item;
  }

 private:
  static constexpr int kCapacity = 4;
  std::mutex lock_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  int slots_[kCapacity] = {};
  int head_ = 0;
  int count_ = 0;
};

int main() {
  constexpr int kItems = 1000;
  BoundedQueue queue;
  std::thread producer([&queue] {
    for (int item = 1; item <= kItems; ++item) queue.push(item);
  });
  long sum = 0;
  for (int received = 0; received < kItems; ++received) {
    sum += queue.pop();
    // Handling an item takes a while, so the producer keeps the queue full and is waiting for a
    // free slot whenever an item is taken out.
    std::this_thread::sleep_for(std::chrono::microseconds(20));
  }
  producer.join();
  std::printf("sum = %ld (expected %ld)\n", sum, static_cast<long>(kItems) * (kItems + 1) / 2);
  return sum == static_cast<long>(kItems) * (kItems + 1) / 2 ? 0 : 1;
}
