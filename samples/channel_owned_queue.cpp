// A work queue owned by one thread, fed through a mutex-protected channel.
//
// The worker owns its state (`backlog_` and `processed_`): no other thread ever touches it, so
// it needs no lock. Other threads talk to the worker only by sending messages through a Channel,
// whose send and receive take the channel's mutex; the mutex orders each message's contents
// between sender and receiver. To learn how much work was done, main asks through the channel and
// the worker answers through a reply channel, instead of peeking at the worker's state.
// "Share memory by communicating": race-free.
//
// The racy twin (channel_owned_queue_racy.cpp) lets main read the worker's counter directly.
// EXPECT: silent
// TSAN: same
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

struct Message {
  enum class Kind { kJob, kReportProgress, kStop } kind;
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

// Runs on its own thread; only that thread calls run() and touches the members below.
class Worker {
 public:
  Worker(Channel &inbox, Channel &replies) : inbox_(inbox), replies_(replies) {}

  void run() {
    for (;;) {
      Message message = inbox_.receive();
      if (message.kind == Message::Kind::kStop) return;
      if (message.kind == Message::Kind::kReportProgress) {
        replies_.send({Message::Kind::kJob, std::to_string(processed_)});
        continue;
      }
      backlog_.push_back(message.payload);
      processed_ += 1;
    }
  }

 private:
  Channel &inbox_;
  Channel &replies_;
  std::deque<std::string> backlog_;
  int processed_ = 0;
};

int main() {
  Channel inbox, replies;
  Worker worker(inbox, replies);
  std::thread worker_thread([&worker] { worker.run(); });
  for (int job = 0; job < 100; ++job)
    inbox.send({Message::Kind::kJob, "job " + std::to_string(job)});
  inbox.send({Message::Kind::kReportProgress, ""});
  std::printf("worker processed %s jobs\n", replies.receive().payload.c_str());
  inbox.send({Message::Kind::kStop, ""});
  worker_thread.join();
  return 0;
}
