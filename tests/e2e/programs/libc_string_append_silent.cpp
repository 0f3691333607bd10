// std::string::append (libstdc++.so code) in a worker, and the string read by main after the
// join: ordered, nothing to report.
// EXPECT: silent
// TSAN: same
// ARGS: -O0
#include <cstdio>
#include <string>
#include <thread>

int main() {
  std::string text;
  text.reserve(64);
  const char *view = text.data();
  std::thread writer([&text] { text.append("0123456789abcdef"); });
  writer.join();
  std::string copy(text);
  std::printf("%c %s\n", view[5], copy.c_str());
  return 0;
}
