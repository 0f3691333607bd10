// Byte sinks for the report writers.
//
// Contract: a Sink receives bytes in order and never fails loudly; a sink that cannot take more
// (full buffer, closed descriptor) drops them and remembers it. Nothing here allocates, throws or
// touches libstdc++, because the runtime writes reports from inside the watched process, possibly
// while its malloc is broken or locked. Thread-safety: a Sink is not synchronized; use one per
// thread.
//
// The virtual functions are deliberately not pure and the destructor is not virtual: a pure
// virtual pulls in __cxa_pure_virtual and a virtual destructor pulls in operator delete, both
// from libstdc++, which C programs linked with the runtime do not have. The bodies are inline so
// that code built with RTTI can derive from these classes (no key function, so the typeinfo is
// emitted wherever it is needed). For the same reason the overrides below are inline and call
// out-of-line helpers: a class whose key function lives in a -fno-rtti object would have no
// typeinfo anywhere, and RTTI users (UBSan's vptr check, dynamic_cast) would fail to link.
#ifndef INTERLOCK_DETECTOR_REPORT_SINK_H
#define INTERLOCK_DETECTOR_REPORT_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "detector/report/file_io.h"

namespace interlock::report {

class Sink {
 public:
  // Appends `size` bytes. The base class drops them; every usable sink overrides this.
  virtual void write(const char *data, size_t size) {
    (void)data;
    (void)size;
  }

  void put(const char *text);  // a NUL-terminated string; null writes nothing
  void put_char(char c) { write(&c, 1); }
  void put_repeated(char c, size_t count);
  void put_uint(uint64_t value);                  // decimal
  void put_int(int64_t value);                    // decimal, with '-' when negative
  void put_uint_padded(uint64_t value, int width);  // decimal, right-aligned in `width` columns
  void put_hex(uint64_t value);                   // "0x" followed by lower-case hex, no padding
  void put_hex_fixed(uint64_t value, int digits);  // exactly `digits` lower-case hex digits

 protected:
  Sink() = default;
  ~Sink() = default;
  Sink(const Sink &) = default;
  Sink &operator=(const Sink &) = default;
};

// Writes into a caller-provided buffer, always keeping it NUL-terminated. What does not fit is
// dropped and reported by truncated(); wanted() says how many bytes would have been needed.
class BufferSink final : public Sink {
 public:
  BufferSink(char *buffer, size_t capacity);

  void write(const char *data, size_t size) override { append(data, size); }

  const char *c_str() const { return buffer_; }
  size_t size() const { return size_; }         // bytes stored, excluding the NUL
  size_t wanted() const { return wanted_; }     // bytes written to the sink in total
  bool truncated() const { return wanted_ != size_; }
  void clear();

 private:
  void append(const char *data, size_t size);

  char *buffer_;
  size_t capacity_;
  size_t size_ = 0;
  size_t wanted_ = 0;
};

// Buffers into a fixed internal array and writes it to a file descriptor with the raw write
// system call, so that an interceptor on write() is never entered. Flushes when the array is
// full, on flush() and on destruction. Partial writes and EINTR are retried; any other error
// makes the sink drop everything after it and failed() return true.
class FdSink final : public Sink {
 public:
  // Writes through `io.write`, which must outlive the sink.
  FdSink(int fd, const FileIo &io) : fd_(fd), io_(io) {}
  ~FdSink() { flush(); }
  FdSink(const FdSink &) = delete;
  FdSink &operator=(const FdSink &) = delete;

  void write(const char *data, size_t size) override { append(data, size); }
  void flush();
  bool failed() const { return failed_; }

 private:
  void append(const char *data, size_t size);

  static constexpr size_t kBufferSize = 4096;
  int fd_;
  const FileIo &io_;
  bool failed_ = false;
  size_t used_ = 0;
  char buffer_[kBufferSize];
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_SINK_H
