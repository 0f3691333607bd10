// A class hierarchy built in one thread and published with a release store; the other thread
// takes it with an acquire load, calls through it and deletes it. The constructors' vtable
// pointer stores happen before the virtual calls and the destructors' stores: silent.
// EXPECT: silent
// TSAN: same
// ALSO AT: -O0 -O2
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
struct Task {
  Task() : id(next_id++) {}
  virtual ~Task() { done++; }
  virtual int run() const { return id; }
  int id;
  static int next_id;
  static int done;
};
int Task::next_id = 1;
int Task::done = 0;
struct LoggedTask : Task {
  ~LoggedTask() override { std::printf("task %d finished\n", id); }
  int run() const override { return Task::run() * 10; }
};

std::atomic<Task *> published{nullptr};

void produce() { published.store(new LoggedTask, std::memory_order_release); }

void consume(int *result) {
  Task *task;
  while (!(task = published.load(std::memory_order_acquire))) std::this_thread::yield();
  *result = task->run();
  delete task;
}
}  // namespace

int main() {
  int result = 0;
  std::thread consumer(consume, &result);
  std::thread producer(produce);
  producer.join();
  consumer.join();
  std::printf("%d %d\n", result, Task::done);
  return 0;
}
