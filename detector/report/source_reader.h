// Looking up the text of a source line for a report.
//
// Contract: line() copies line `line_number` (1-based) of `file`, without its line terminator,
// into `buffer` as a NUL-terminated string cut to `capacity` - 1 bytes, and returns true; it
// returns false (leaving `buffer` unspecified) when the file cannot be read or has no such line.
// Implementations used by the runtime allocate nothing and avoid libstdc++ (see sink.h for why
// the base has an inline, non-pure virtual and no virtual destructor).
// Thread-safety: an instance is not synchronized; use one per thread.
#ifndef INTERLOCK_DETECTOR_REPORT_SOURCE_READER_H
#define INTERLOCK_DETECTOR_REPORT_SOURCE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "detector/report/file_io.h"

namespace interlock::report {

class SourceReader {
 public:
  // The base reader knows no source: every lookup fails.
  virtual bool line(const char *file, uint32_t line_number, char *buffer, size_t capacity) {
    (void)file;
    (void)line_number;
    (void)buffer;
    (void)capacity;
    return false;
  }

 protected:
  SourceReader() = default;
  ~SourceReader() = default;
  SourceReader(const SourceReader &) = default;
  SourceReader &operator=(const SourceReader &) = default;
};

// Reads files through an injected FileIo (the runtime's raw system calls, so interceptors on
// open/read are never entered), scanning from the start in fixed chunks on every lookup. Reports
// are rare, so no caching.
// A trailing '\r' (CRLF files) is dropped.
class RawFileSourceReader final : public SourceReader {
 public:
  // Reads through `io`, which must outlive the reader.
  explicit RawFileSourceReader(const FileIo &io) : io_(io) {}
  // Inline for the reason given in sink.h: no key function in a -fno-rtti object.
  bool line(const char *file, uint32_t line_number, char *buffer, size_t capacity) override {
    return read_line(file, line_number, buffer, capacity);
  }

 private:
  bool read_line(const char *file, uint32_t line_number, char *buffer, size_t capacity);

  static constexpr size_t kChunkSize = 4096;
  const FileIo &io_;
  char chunk_[kChunkSize];
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_SOURCE_READER_H
