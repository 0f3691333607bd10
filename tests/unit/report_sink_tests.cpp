// BufferSink and FdSink: truncation, number formatting, raw-fd output.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <climits>
#include <string>

#include "detector/report/report_reader.h"
#include "detector/report/sink.h"

using interlock::report::BufferSink;
using interlock::report::FdSink;

TEST_CASE("BufferSink keeps what fits, NUL-terminates and reports truncation", "[report][sink]") {
  char buffer[8];
  BufferSink sink(buffer, sizeof buffer);
  sink.put("abc");
  CHECK_FALSE(sink.truncated());
  CHECK(std::string(sink.c_str()) == "abc");
  sink.put("defghij");
  CHECK(sink.truncated());
  CHECK(sink.size() == 7);
  CHECK(sink.wanted() == 10);
  CHECK(std::string(buffer) == "abcdefg");

  sink.clear();
  CHECK_FALSE(sink.truncated());
  CHECK(std::string(buffer).empty());
}

TEST_CASE("BufferSink with capacity exactly the text plus NUL is not truncated", "[report][sink]") {
  char buffer[4];
  BufferSink sink(buffer, sizeof buffer);
  sink.put("xyz");
  CHECK_FALSE(sink.truncated());
  sink.put_char('!');
  CHECK(sink.truncated());
  CHECK(std::string(buffer) == "xyz");
}

TEST_CASE("Sink formats numbers", "[report][sink]") {
  char buffer[128];
  BufferSink sink(buffer, sizeof buffer);
  sink.put_uint(0);
  sink.put_char(' ');
  sink.put_uint(18446744073709551615ull);
  sink.put_char(' ');
  sink.put_int(-42);
  sink.put_char(' ');
  sink.put_int(LLONG_MIN);
  sink.put_char(' ');
  sink.put_hex(0);
  sink.put_char(' ');
  sink.put_hex(0x5581c3a1b010);
  sink.put_char(' ');
  sink.put_hex_fixed(0xab, 4);
  sink.put_char('|');
  sink.put_uint_padded(14, 7);
  sink.put_char('|');
  sink.put_uint_padded(123456789, 3);
  CHECK(std::string(buffer) ==
        "0 18446744073709551615 -42 -9223372036854775808 0x0 0x5581c3a1b010 00ab|     14|123456789");
}

TEST_CASE("FdSink delivers everything to the descriptor, across its internal buffer size",
          "[report][sink]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::string expected;
  for (int i = 0; i < 1000; ++i) expected += "line " + std::to_string(i) + "\n";  // > 4 KiB
  REQUIRE(expected.size() < 65536);  // fits the pipe, so no reader thread is needed
  {
    FdSink sink(fds[1], interlock::report::libc_file_io());
    sink.write(expected.data(), expected.size());
    CHECK_FALSE(sink.failed());
  }  // destructor flushes
  close(fds[1]);
  std::string got;
  char chunk[4096];
  ssize_t n;
  while ((n = read(fds[0], chunk, sizeof chunk)) > 0) got.append(chunk, static_cast<size_t>(n));
  close(fds[0]);
  CHECK(got == expected);
}

TEST_CASE("FdSink on a bad descriptor fails quietly", "[report][sink]") {
  FdSink sink(-1, interlock::report::libc_file_io());
  sink.put("hello");
  sink.flush();
  CHECK(sink.failed());
}
