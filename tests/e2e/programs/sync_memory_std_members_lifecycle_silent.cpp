// Objects holding a std::mutex and a std::condition_variable, made before the threads that use
// them and deleted after they are joined, or handed over through a queue: the lock calls' reads
// of the mutex and the condition variable's destruction are all ordered. A work queue whose
// consumers block on a condition variable, and a per-job completion the consumer signals under
// the lock, which the producer deletes as soon as it sees it done.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O2
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

struct Completion {
  std::mutex lock;
  std::condition_variable changed;
  bool done = false;
  long result = 0;
};

class WorkQueue {
 public:
  void push(Completion *job) {
    std::lock_guard<std::mutex> guard(lock_);
    jobs_.push_back(job);
    not_empty_.notify_one();
  }
  Completion *pop() {
    std::unique_lock<std::mutex> guard(lock_);
    not_empty_.wait(guard, [this] { return !jobs_.empty(); });
    Completion *job = jobs_.front();
    jobs_.pop_front();
    return job;
  }

 private:
  std::mutex lock_;
  std::condition_variable not_empty_;
  std::deque<Completion *> jobs_;
};

int main() {
  auto *queue = new WorkQueue;
  std::vector<std::thread> consumers;
  for (int i = 0; i < 3; i++)
    consumers.emplace_back([queue] {
      for (;;) {
        Completion *job = queue->pop();
        if (job == nullptr) return;
        std::lock_guard<std::mutex> guard(job->lock);
        job->result = 42;
        job->done = true;
        job->changed.notify_one();
      }
    });
  long sum = 0;
  for (int i = 0; i < 200; i++) {
    auto *job = new Completion;
    queue->push(job);
    {
      std::unique_lock<std::mutex> guard(job->lock);
      job->changed.wait(guard, [job] { return job->done; });
      sum += job->result;
    }
    delete job;
  }
  for (size_t i = 0; i < consumers.size(); i++) queue->push(nullptr);
  for (std::thread &consumer : consumers) consumer.join();
  delete queue;
  std::printf("sum %ld\n", sum);
  return 0;
}
