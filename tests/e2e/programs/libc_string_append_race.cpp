// std::string::append runs in libstdc++.so (basic_string<char> is instantiated there), whose
// memcpy into the string's buffer is seen by the interceptor and reported at the append call.
// Main reads the buffer through a pointer taken before the worker started. -O0 keeps the call
// to the library's append itself in main's lambda (at -O1 the inline append(const char *)
// wrapper puts a <basic_string.h> frame innermost).
// EXPECT: data-race
// TSAN: differs its stack for a memcpy made inside libstdc++.so lacks the lambda's append line
// (TSan knows the innermost instrumented frame only by its caller's pc: invoke.h here).
// ARGS: -O0
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

std::atomic<bool> appended{false};

int main() {
  std::string text;
  text.reserve(64);
  const char *view = text.data();
  std::thread writer([&text] {
    text.append("0123456789abcdef");  // RACE
    appended.store(true, std::memory_order_relaxed);
  });
  while (!appended.load(std::memory_order_relaxed)) std::this_thread::yield();
  char seen = view[5];  // RACE
  writer.join();
  std::printf("%c\n", seen);
  return 0;
}
