// A three-level class hierarchy built in one thread (each constructor stores its class's vtable
// pointer in turn) and handed to another under a mutex, which calls through it and then deletes
// it (each destructor stores its own class's vtable pointer back). Every vtable-pointer store
// happens before or after the other thread's reads through the mutex or program order: silent.
// EXPECT: silent
// TSAN: same
#include <cstdio>
#include <mutex>
#include <thread>

namespace {
struct Widget {
  Widget() { log("Widget"); }
  virtual ~Widget() { log("~Widget"); }
  virtual const char *name() const { return "widget"; }
  static void log(const char *what) { std::printf("%s\n", what); }
};
struct Button : Widget {
  Button() { log("Button"); }
  ~Button() override { log("~Button"); }
  const char *name() const override { return "button"; }
};
struct IconButton : Button {
  IconButton() { log("IconButton"); }
  ~IconButton() override { log("~IconButton"); }
  const char *name() const override { return "icon button"; }
};

std::mutex handoff_lock;
Widget *handed_over;

void build() {
  Widget *w = new IconButton;
  std::lock_guard<std::mutex> guard(handoff_lock);
  handed_over = w;
}

void use_and_destroy() {
  Widget *w = nullptr;
  while (!w) {
    std::lock_guard<std::mutex> guard(handoff_lock);
    w = handed_over;
  }
  std::printf("%s\n", w->name());
  delete w;
}
}  // namespace

int main() {
  std::thread consumer(use_and_destroy);
  std::thread producer(build);
  producer.join();
  consumer.join();
  return 0;
}
