#include "detector/report/sink.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

namespace interlock::report {

void Sink::put(const char *text) {
  if (text != nullptr) write(text, strlen(text));
}

void Sink::put_repeated(char c, size_t count) {
  char chunk[32];
  memset(chunk, c, sizeof chunk);
  while (count > 0) {
    size_t n = count < sizeof chunk ? count : sizeof chunk;
    write(chunk, n);
    count -= n;
  }
}

namespace {

// Formats `value` in decimal at the end of `out` (20 bytes suffice for 64 bits); returns the
// index of the first digit.
size_t format_decimal(uint64_t value, char (&out)[20]) {
  size_t pos = sizeof out;
  do {
    out[--pos] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return pos;
}

}  // namespace

void Sink::put_uint(uint64_t value) {
  char digits[20];
  size_t first = format_decimal(value, digits);
  write(digits + first, sizeof digits - first);
}

void Sink::put_int(int64_t value) {
  if (value < 0) {
    put_char('-');
    // Negating in unsigned arithmetic keeps INT64_MIN well defined.
    put_uint(0 - static_cast<uint64_t>(value));
  } else {
    put_uint(static_cast<uint64_t>(value));
  }
}

void Sink::put_uint_padded(uint64_t value, int width) {
  char digits[20];
  size_t first = format_decimal(value, digits);
  size_t length = sizeof digits - first;
  if (width > 0 && static_cast<size_t>(width) > length) {
    put_repeated(' ', static_cast<size_t>(width) - length);
  }
  write(digits + first, length);
}

void Sink::put_hex(uint64_t value) {
  int digits = 1;
  while (digits < 16 && (value >> (4 * digits)) != 0) ++digits;
  write("0x", 2);
  put_hex_fixed(value, digits);
}

void Sink::put_hex_fixed(uint64_t value, int digits) {
  static const char kHexDigits[] = "0123456789abcdef";
  char out[16];
  if (digits > 16) digits = 16;
  if (digits <= 0) return;
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = kHexDigits[value & 0xf];
    value >>= 4;
  }
  write(out, static_cast<size_t>(digits));
}

BufferSink::BufferSink(char *buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {
  if (capacity_ > 0) buffer_[0] = '\0';
}

void BufferSink::append(const char *data, size_t size) {
  wanted_ += size;
  if (capacity_ == 0) return;
  size_t room = capacity_ - 1 - size_;
  size_t n = size < room ? size : room;
  memcpy(buffer_ + size_, data, n);
  size_ += n;
  buffer_[size_] = '\0';
}

void BufferSink::clear() {
  size_ = 0;
  wanted_ = 0;
  if (capacity_ > 0) buffer_[0] = '\0';
}

void FdSink::append(const char *data, size_t size) {
  while (size > 0 && !failed_) {
    if (used_ == kBufferSize) flush();
    size_t room = kBufferSize - used_;
    size_t n = size < room ? size : room;
    memcpy(buffer_ + used_, data, n);
    used_ += n;
    data += n;
    size -= n;
  }
}

void FdSink::flush() {
  size_t done = 0;
  while (done < used_ && !failed_) {
    long written = io_.write(fd_, buffer_ + done, used_ - done);
    if (written > 0) {
      done += static_cast<size_t>(written);
    } else if (written < 0 && errno == EINTR) {
      continue;
    } else {
      failed_ = true;
    }
  }
  used_ = 0;
}

}  // namespace interlock::report
