// RawFileSourceReader against real files.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "detector/report/report_reader.h"
#include "detector/report/source_reader.h"

using interlock::report::RawFileSourceReader;

namespace {

// A file in a fresh temporary directory, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string &content) {
    char dir_template[] = "/tmp/interlock-source-XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    dir_ = dir_template;
    path_ = dir_ + "/bank.c";
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  const char *path() const { return path_.c_str(); }

 private:
  std::string dir_;
  std::string path_;
};

std::string read_line(RawFileSourceReader &reader, const char *file, uint32_t line,
                      size_t capacity = 256) {
  std::string buffer(capacity, '\xff');
  if (!reader.line(file, line, buffer.data(), capacity)) return "<none>";
  return std::string(buffer.c_str());
}

}  // namespace

TEST_CASE("RawFileSourceReader returns the requested line without its newline",
          "[report][source]") {
  TempFile file("int balance;\n\nvoid withdraw(int amount) {\n    balance -= amount;\n}");
  RawFileSourceReader reader(interlock::report::libc_file_io());
  CHECK(read_line(reader, file.path(), 1) == "int balance;");
  CHECK(read_line(reader, file.path(), 2) == "");
  CHECK(read_line(reader, file.path(), 4) == "    balance -= amount;");
  CHECK(read_line(reader, file.path(), 5) == "}");  // last line without a newline
  CHECK(read_line(reader, file.path(), 6) == "<none>");
  CHECK(read_line(reader, file.path(), 0) == "<none>");
}

TEST_CASE("RawFileSourceReader drops the CR of CRLF lines", "[report][source]") {
  TempFile file("a\r\nb\r\n");
  RawFileSourceReader reader(interlock::report::libc_file_io());
  CHECK(read_line(reader, file.path(), 1) == "a");
  CHECK(read_line(reader, file.path(), 2) == "b");
  CHECK(read_line(reader, file.path(), 3) == "<none>");  // nothing after the final newline
}

TEST_CASE("RawFileSourceReader cuts long lines to the buffer and reads across chunks",
          "[report][source]") {
  std::string long_line(10000, 'x');
  TempFile file(std::string(5000, '\n') + long_line + "\nend\n");
  RawFileSourceReader reader(interlock::report::libc_file_io());
  CHECK(read_line(reader, file.path(), 5001, 8) == "xxxxxxx");
  CHECK(read_line(reader, file.path(), 5001, 20000) == long_line);
  CHECK(read_line(reader, file.path(), 5002) == "end");
}

TEST_CASE("RawFileSourceReader fails on unreadable input", "[report][source]") {
  RawFileSourceReader reader(interlock::report::libc_file_io());
  CHECK(read_line(reader, "/nonexistent/interlock/bank.c", 1) == "<none>");
  CHECK(read_line(reader, nullptr, 1) == "<none>");
  TempFile empty("");
  CHECK(read_line(reader, empty.path(), 1) == "<none>");
}
