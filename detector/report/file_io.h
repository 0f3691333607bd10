// The file operations the report writers and the source reader use, injected by whoever runs
// them, so that detector/ makes no system call of its own: the runtime passes its raw system
// calls (runtime/platform.h: never an intercepted function), tools and tests the C library's
// (libc_file_io(), report_reader.h). Each behaves as the system call: -1 with errno set on
// failure. Thread-safety: a FileIo is a table of plain functions, shared freely.
#ifndef INTERLOCK_DETECTOR_REPORT_FILE_IO_H
#define INTERLOCK_DETECTOR_REPORT_FILE_IO_H

#include <stddef.h>

namespace interlock::report {

struct FileIo {
  int (*open_read)(const char *path);  // read-only, close-on-exec
  long (*read)(int fd, char *buffer, size_t size);
  long (*write)(int fd, const char *data, size_t size);
  void (*close)(int fd);
};

}  // namespace interlock::report

#endif  // INTERLOCK_DETECTOR_REPORT_FILE_IO_H
