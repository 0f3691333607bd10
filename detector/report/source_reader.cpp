#include "detector/report/source_reader.h"

#include <errno.h>

namespace interlock::report {

namespace {

// Closes the descriptor on every return path without needing exceptions.
class RawFd {
 public:
  RawFd(const FileIo &io, const char *path) : io_(io), fd_(io.open_read(path)) {}
  ~RawFd() {
    if (fd_ >= 0) io_.close(fd_);
  }
  RawFd(const RawFd &) = delete;
  RawFd &operator=(const RawFd &) = delete;

  bool ok() const { return fd_ >= 0; }
  long read(char *buffer, size_t size) {
    long n;
    do {
      n = io_.read(fd_, buffer, size);
    } while (n < 0 && errno == EINTR);
    return n;
  }

 private:
  const FileIo &io_;
  int fd_;
};

}  // namespace

bool RawFileSourceReader::read_line(const char *file, uint32_t line_number, char *buffer,
                                    size_t capacity) {
  if (file == nullptr || line_number == 0 || buffer == nullptr || capacity == 0) return false;
  RawFd fd(io_, file);
  if (!fd.ok()) return false;

  uint32_t current_line = 1;
  size_t stored = 0;
  bool found_any_byte = false;
  for (;;) {
    long got = fd.read(chunk_, kChunkSize);
    if (got < 0) return false;
    if (got == 0) break;
    for (long i = 0; i < got; ++i) {
      char c = chunk_[i];
      if (current_line == line_number) {
        if (c == '\n') {
          if (stored > 0 && buffer[stored - 1] == '\r') --stored;
          buffer[stored] = '\0';
          return true;
        }
        found_any_byte = true;
        if (stored + 1 < capacity) buffer[stored++] = c;
      } else if (c == '\n') {
        ++current_line;
      }
    }
  }
  // The last line of a file need not end in a newline.
  if (current_line == line_number && found_any_byte) {
    if (stored > 0 && buffer[stored - 1] == '\r') --stored;
    buffer[stored] = '\0';
    return true;
  }
  return false;
}

}  // namespace interlock::report
