#include "runtime/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace interlock {

long errno_result(long raw_result) {
  if (static_cast<unsigned long>(raw_result) > static_cast<unsigned long>(-4096L)) {
    errno = static_cast<int>(-raw_result);
    return -1;
  }
  return raw_result;
}

void *os_map(size_t size, bool reserve_only) {
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | (reserve_only ? MAP_NORESERVE : 0);
  long r = os_syscall(SYS_mmap, nullptr, size, PROT_READ | PROT_WRITE, flags, -1, 0);
  if (r < 0 && r > -4096) return nullptr;
  return reinterpret_cast<void *>(r);
}

void os_unmap(void *p, size_t size) { os_syscall(SYS_munmap, p, size); }

bool os_map_fixed_copy_read_only(uintptr_t address, const void *data, size_t size) {
  // MAP_FIXED_NOREPLACE fails on a range in use; a kernel older than 4.17 ignores the flag and
  // takes the address as a hint, so the address it gives is checked too.
  long r = os_syscall(SYS_mmap, address, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (r < 0 && r > -4096) return false;
  if (uintptr_t(r) != address) {
    os_unmap(reinterpret_cast<void *>(r), size);
    errno = EEXIST;
    return false;
  }
  memcpy(reinterpret_cast<void *>(address), data, size);
  os_syscall(SYS_mprotect, address, size, PROT_READ);
  return true;
}

void os_discard(void *p, size_t size) { os_syscall(SYS_madvise, p, size, MADV_DONTNEED); }

void os_prefer_huge_pages(void *p, size_t size) { os_syscall(SYS_madvise, p, size, MADV_HUGEPAGE); }

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
void os_populate_for_write(void *p, size_t size) {
  os_syscall(SYS_madvise, p, size, MADV_POPULATE_WRITE);
}

uintptr_t os_map_once(uintptr_t *slot, size_t size, const char *what) {
  uintptr_t base = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (base != 0) return base;
  void *fresh = os_map(size, /*reserve_only=*/true);
  if (!fresh)
    internal_error("cannot reserve %zu bytes of %s: %s", size, what, os_error_text(os_last_error()));
  if (__atomic_compare_exchange_n(slot, &base, reinterpret_cast<uintptr_t>(fresh), false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return reinterpret_cast<uintptr_t>(fresh);
  os_unmap(fresh, size);  // another thread installed its own first
  return base;
}

void spin_wait(unsigned attempt) {
  if (attempt < 64)
    __builtin_ia32_pause();
  else
    os_yield();
}

bool os_write(int fd, const char *data, size_t size) {
  while (size > 0) {
    long n = os_syscall(SYS_write, fd, data, size);
    if (n <= 0) {
      // Only an interrupted write is tried again: any other error (a full disk, stderr on
      // /dev/full, a closed descriptor) would fail again forever.
      if (n == -1 && errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

int os_open_read(const char *path) {
  return static_cast<int>(os_syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
}

int os_open_write_new(const char *path) {
  return static_cast<int>(
      os_syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
}

int os_open_append_new(const char *path) {
  return static_cast<int>(os_syscall(SYS_openat, AT_FDCWD, path,
                                  O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644));
}

bool os_unlink(const char *path) { return os_syscall(SYS_unlinkat, AT_FDCWD, path, 0) == 0; }

long os_read(int fd, char *buf, size_t size) { return os_syscall(SYS_read, fd, buf, size); }
void os_close(int fd) { os_syscall(SYS_close, fd); }

bool os_rename(const char *from, const char *to) {
  return os_syscall(SYS_renameat, AT_FDCWD, from, AT_FDCWD, to) == 0;
}

bool os_mkdir(const char *path) {
  char partial[1024];
  size_t n = format(partial, sizeof partial, "%s", path);
  for (size_t i = 1; i < n; i++) {
    if (partial[i] != '/') continue;
    partial[i] = '\0';
    os_syscall(SYS_mkdirat, AT_FDCWD, partial, 0755);
    partial[i] = '/';
  }
  const bool made = os_syscall(SYS_mkdirat, AT_FDCWD, path, 0755) == 0;
  const int mkdir_error = made ? 0 : errno;
  int fd = static_cast<int>(os_syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_DIRECTORY));
  if (fd < 0) {
    // Why mkdir failed says more than the open after it ("No such file or directory").
    if (mkdir_error != 0 && mkdir_error != EEXIST) errno = mkdir_error;
    return false;
  }
  os_close(fd);
  return true;
}

int os_last_error() { return errno; }

const char *os_error_text(int error) {
  switch (error) {
    case EPERM: return "Operation not permitted";
    case ENOENT: return "No such file or directory";
    case EINTR: return "Interrupted system call";
    case EIO: return "Input/output error";
    case EBADF: return "Bad file descriptor";
    case EAGAIN: return "Resource temporarily unavailable";
    case ENOMEM: return "Cannot allocate memory";
    case EACCES: return "Permission denied";
    case EFAULT: return "Bad address";
    case EEXIST: return "File exists";
    case ENOTDIR: return "Not a directory";
    case EISDIR: return "Is a directory";
    case EINVAL: return "Invalid argument";
    case ENFILE: return "Too many open files in system";
    case EMFILE: return "Too many open files";
    case EFBIG: return "File too large";
    case ENOSPC: return "No space left on device";
    case EROFS: return "Read-only file system";
    case EPIPE: return "Broken pipe";
    case ENAMETOOLONG: return "File name too long";
    case ELOOP: return "Too many levels of symbolic links";
    case EDQUOT: return "Disk quota exceeded";
    default: return "Unknown error";
  }
}

int os_getpid() { return static_cast<int>(os_syscall(SYS_getpid)); }
void os_yield() { os_syscall(SYS_sched_yield); }
void os_sleep_ms(unsigned milliseconds) {
  struct timespec left = {long(milliseconds / 1000), long(milliseconds % 1000) * 1000000L};
  while (os_syscall(SYS_nanosleep, &left, &left) != 0) {
  }
}

u64 os_random() {
  u64 value = 0;
  if (os_syscall(SYS_getrandom, &value, sizeof value, GRND_NONBLOCK) == long(sizeof value))
    return value;
  struct timespec now {};
  os_syscall(SYS_clock_gettime, CLOCK_REALTIME, &now);
  value = u64(now.tv_sec) * 1000000000u + u64(now.tv_nsec);
  value ^= u64(os_getpid()) << 40;
  // A multiply-xorshift finalizer, so that close clocks give unrelated values.
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdull;
  value ^= value >> 33;
  return value;
}

void os_exit(int status) {
  os_syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

// glibc's second name of vsnprintf. The executable's vsnprintf is the program-facing interceptor
// (interceptors/libc_printf.cpp), which would check the runtime's buffers as the program's.
extern "C" int __vsnprintf(char *buffer, size_t size, const char *format, va_list arguments);

size_t format(char *buf, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = __vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  if (n < 0) return 0;
  return static_cast<size_t>(n) < cap ? static_cast<size_t>(n) : cap - 1;
}

static void vprint_prefixed(const char *prefix, const char *fmt, va_list ap) {
  char buf[1024];
  size_t n = format(buf, sizeof buf, "%s", prefix);
  int m = __vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
  if (m > 0) n += static_cast<size_t>(m) < sizeof buf - n - 1 ? static_cast<size_t>(m) : sizeof buf - n - 2;
  buf[n++] = '\n';
  os_write(2, buf, n);
}

void print_line(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprint_prefixed("interlock: ", fmt, ap);
  va_end(ap);
}

void internal_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprint_prefixed("interlock: internal error: ", fmt, ap);
  va_end(ap);
  os_exit(70);
}

const char *process_command() {
  static char command[512];
  static bool loaded = false;
  if (loaded) return command;
  int fd = os_open_read("/proc/self/cmdline");
  long n = fd >= 0 ? os_read(fd, command, sizeof command - 1) : 0;
  if (fd >= 0) os_close(fd);
  if (n < 0) n = 0;
  for (long i = 0; i < n; i++)
    if (command[i] == '\0') command[i] = ' ';
  while (n > 0 && command[n - 1] == ' ') n--;
  command[n] = '\0';
  loaded = true;
  return command;
}

void SpinLock::lock_contended() {
  for (unsigned attempt = 0;; attempt++) {
    if (!__atomic_load_n(&locked_, __ATOMIC_RELAXED) &&
        !__atomic_exchange_n(&locked_, 1, __ATOMIC_ACQUIRE))
      return;
    spin_wait(attempt);
  }
}

}  // namespace interlock
