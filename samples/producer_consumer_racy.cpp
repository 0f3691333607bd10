// Producer/consumer with the item copied out *after* the unlock (twin of producer_consumer_cv.cpp).
//
// The bug: pop() reserves a slot under the lock (advances head, decrements count, signals "not
// full") and only then, unlocked, reads the item out of the slot. The producer, woken by that
// signal, may already be writing the next item into the same slot: the consumer's unlocked read
// races with the producer's write, and the consumer can get the newer item (or a torn one).
//
// The fix: read the slot while still holding the lock, as producer_consumer_cv.cpp does.
// EXPECT: data-race 22 37
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
    slots_[(head_ + count_) % kCapacity] = item;  // RACE
    ++count_;
    not_empty_.notify_one();
  }

  int pop() {
    int slot;
    {
      std::unique_lock<std::mutex> hold(lock_);
      not_empty_.wait(hold, [this] { return count_ > 0; });
      slot = head_;
      head_ = (head_ + 1) % kCapacity;
      --count_;
      not_full_.notify_one();
    }
    return slots_[slot];  // RACE
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
  return 0;
}
