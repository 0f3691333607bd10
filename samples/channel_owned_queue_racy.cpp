// A thread-owned queue whose owner's state is peeked at from outside (twin of
// channel_owned_queue.cpp).
//
// The bug: the worker's `processed_` is meant to be touched only by the worker thread, but main
// "just reads" it after sleeping long enough for the work to be done. Main's sends are ordered
// before the worker's receives, but nothing orders the worker's increments before main's read:
// main takes no lock the worker released after an increment, and a sleep orders nothing. The read
// races with `processed_ += 1` and works only as long as the worker is never slower than the nap.
//
// The fix: ask the owner through the channel and let it answer (channel_owned_queue.cpp).
//
// Built at -O0: with optimization the compiler may keep the counter in a register for the whole
// loop (it may assume no other thread reads it, precisely because that would be a race) and store
// it once at the end, after main's read is already ordered by the stop message.
// EXPECT: data-race 66 72
// TSAN: same
// ARGS: -O0
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

struct Message {
  enum class Kind { kJob, kStop } kind;
  std::string payload;
};

// A multi-producer, multi-consumer FIFO of messages; all members are thread-safe.
class Channel {
 public:
  void send(Message message) {
    {
      std::lock_guard<std::mutex> hold(lock_);
      messages_.push_back(std::move(message));
    }
    changed_.notify_one();
  }

  Message receive() {
    std::unique_lock<std::mutex> hold(lock_);
    changed_.wait(hold, [this] { return !messages_.empty(); });
    Message message = std::move(messages_.front());
    messages_.pop_front();
    return message;
  }

 private:
  std::mutex lock_;
  std::condition_variable changed_;
  std::deque<Message> messages_;
};

// Runs on its own thread; only that thread should touch the members below.
class Worker {
 public:
  explicit Worker(Channel &inbox) : inbox_(inbox) {}

  void run() {
    for (;;) {
      Message message = inbox_.receive();
      if (message.kind == Message::Kind::kStop) return;
      backlog_.push_back(message.payload);
      processed_ += 1;  // RACE
    }
  }

  // The shortcut that breaks ownership: called from main while run() is going on.
  int processed_so_far() const {
    return processed_;  // RACE
  }

 private:
  Channel &inbox_;
  std::deque<std::string> backlog_;
  int processed_ = 0;
};

int main() {
  Channel inbox;
  Worker worker(inbox);
  std::thread worker_thread([&worker] { worker.run(); });
  for (int job = 0; job < 100; ++job)
    inbox.send({Message::Kind::kJob, "job " + std::to_string(job)});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // "surely done by now"
  std::printf("worker processed %d jobs\n", worker.processed_so_far());
  inbox.send({Message::Kind::kStop, ""});
  worker_thread.join();
  return 0;
}
