// The printf family: what it reads and writes in the program's memory while it formats is
// checked as plain accesses of the calling thread, at the call site its instrumented caller
// stored, once the real call returned.
//
// Read: the format and the strings of %s / %ls (bounded by their precision); written: the int
// (or long, ...) of each %n, as printf_format.h walks them. sprintf, snprintf and their v* and
// fortified forms also write the bytes they stored in the buffer: the result, bounded by the
// buffer's size for snprintf, and the terminator. asprintf writes its char ** argument; the block
// it points to comes fresh from the program's malloc (which libc calls), so nobody else can
// touch it yet. Output to a stream or a descriptor reaches the kernel through libc's internal
// write, which no interceptor sees: printf and dprintf order nothing.
//
// The variadic interceptors hand their arguments to the v* interceptor of the same call as a
// va_list, so each call is checked by one piece of code.
//
// Fortified twins: under -D_FORTIFY_SOURCE (with -O1 or more) clang-14 and gcc turn sprintf,
// snprintf, printf, fprintf, dprintf, asprintf and their v* forms into __sprintf_chk & co. The
// flag argument asks glibc to refuse %n in a writable format, and the capacity lets it check the
// buffer: when a check fails the program aborts inside the real call, before anything here is
// checked, as without Interlock.
//
// The runtime formats its own messages with glibc's __vsnprintf (runtime/platform.cpp), which
// is not intercepted: checking them would treat the runtime's buffers as the program's.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "interceptor.h"
#include "printf_format.h"
#include "real.h"
#include "user_memory.h"

// glibc declares these only in fortified builds.
extern "C" {
int __sprintf_chk(char *buffer, int flag, size_t capacity, const char *format, ...);
int __vsprintf_chk(char *buffer, int flag, size_t capacity, const char *format, va_list arguments);
int __snprintf_chk(char *buffer, size_t size, int flag, size_t capacity, const char *format, ...);
int __vsnprintf_chk(char *buffer, size_t size, int flag, size_t capacity, const char *format,
                    va_list arguments);
int __printf_chk(int flag, const char *format, ...);
int __vprintf_chk(int flag, const char *format, va_list arguments);
int __fprintf_chk(FILE *stream, int flag, const char *format, ...);
int __vfprintf_chk(FILE *stream, int flag, const char *format, va_list arguments);
int __dprintf_chk(int fd, int flag, const char *format, ...);
int __vdprintf_chk(int fd, int flag, const char *format, va_list arguments);
int __asprintf_chk(char **allocated, int flag, const char *format, ...);
int __vasprintf_chk(char **allocated, int flag, const char *format, va_list arguments);
}

namespace interlock {
namespace {

INTERLOCK_REAL(vsprintf);
INTERLOCK_REAL(vsnprintf);
INTERLOCK_REAL(vprintf);
INTERLOCK_REAL(vfprintf);
INTERLOCK_REAL(vdprintf);
INTERLOCK_REAL(vasprintf);
INTERLOCK_REAL(__vsprintf_chk);
INTERLOCK_REAL(__vsnprintf_chk);
INTERLOCK_REAL(__vprintf_chk);
INTERLOCK_REAL(__vfprintf_chk);
INTERLOCK_REAL(__vdprintf_chk);
INTERLOCK_REAL(__vasprintf_chk);

void check_printf_memory(void *thread, const PrintfMemory &memory) {
  check_user_range(static_cast<ThreadState *>(thread), memory.address, memory.size,
                   memory.is_write);
}

constexpr size_t kUnbounded = static_cast<size_t>(-1);

// What a call stores besides what its format names.
struct Stored {
  char *buffer;      // sprintf & co.: the output, at most `size` bytes with the terminator
  size_t size;
  char **allocated;  // asprintf & co.: the pointer to the new string
};
constexpr Stored kNothingStored{nullptr, 0, nullptr};
Stored into_buffer(char *buffer, size_t size) { return Stored{buffer, size, nullptr}; }
Stored into_allocation(char **allocated) { return Stored{nullptr, 0, allocated}; }

// Every interceptor of the family: `real_call(list)` makes the real call on `list`. The real
// function consumes the caller's list, so the walk afterwards runs on a copy made before.
template <typename RealCall>
int checked_format(const char *format, va_list arguments, const Stored &stored,
                   RealCall real_call) {
  ThreadState *thr = watching_thread();
  if (thr == nullptr) return real_call(arguments);
  va_list walked;
  va_copy(walked, arguments);
  const int result = real_call(arguments);
  check_user_read(thr, format, strlen(format) + 1);
  visit_printf_memory(format, walked, check_printf_memory, thr);
  va_end(walked);
  if (result >= 0 && stored.buffer != nullptr && stored.size != 0) {
    const size_t characters = static_cast<size_t>(result);
    check_user_write(thr, stored.buffer,
                     (characters < stored.size ? characters : stored.size - 1) + 1);
  }
  if (result >= 0 && stored.allocated != nullptr)
    check_user_write(thr, stored.allocated, sizeof *stored.allocated);
  return result;
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// The variadic form of a v* interceptor defined below: `v_call` names the list `arguments`.
#define INTERLOCK_VARIADIC(v_call) \
  va_list arguments;               \
  va_start(arguments, format);     \
  const int result = v_call;       \
  va_end(arguments);               \
  return result

// ---- into a buffer ----

INTERLOCK_INTERCEPTOR int vsprintf(char *buffer, const char *format, va_list arguments) noexcept {
  return checked_format(format, arguments, into_buffer(buffer, kUnbounded), [=](va_list list) {
    return real_vsprintf.get()(buffer, format, list);
  });
}

INTERLOCK_INTERCEPTOR int sprintf(char *buffer, const char *format, ...) noexcept {
  INTERLOCK_VARIADIC(vsprintf(buffer, format, arguments));
}

INTERLOCK_INTERCEPTOR int vsnprintf(char *buffer, size_t size, const char *format,
                                    va_list arguments) noexcept {
  return checked_format(format, arguments, into_buffer(buffer, size), [=](va_list list) {
    return real_vsnprintf.get()(buffer, size, format, list);
  });
}

INTERLOCK_INTERCEPTOR int snprintf(char *buffer, size_t size, const char *format, ...) noexcept {
  INTERLOCK_VARIADIC(vsnprintf(buffer, size, format, arguments));
}

INTERLOCK_INTERCEPTOR int vasprintf(char **allocated, const char *format,
                                    va_list arguments) noexcept {
  return checked_format(format, arguments, into_allocation(allocated), [=](va_list list) {
    return real_vasprintf.get()(allocated, format, list);
  });
}

INTERLOCK_INTERCEPTOR int asprintf(char **allocated, const char *format, ...) noexcept {
  INTERLOCK_VARIADIC(vasprintf(allocated, format, arguments));
}

// ---- to a stream or a descriptor ----

INTERLOCK_INTERCEPTOR int vprintf(const char *format, va_list arguments) {
  return checked_format(format, arguments, kNothingStored,
                        [=](va_list list) { return real_vprintf.get()(format, list); });
}

INTERLOCK_INTERCEPTOR int printf(const char *format, ...) {
  INTERLOCK_VARIADIC(vprintf(format, arguments));
}

INTERLOCK_INTERCEPTOR int vfprintf(FILE *stream, const char *format, va_list arguments) {
  return checked_format(format, arguments, kNothingStored,
                        [=](va_list list) { return real_vfprintf.get()(stream, format, list); });
}

INTERLOCK_INTERCEPTOR int fprintf(FILE *stream, const char *format, ...) {
  INTERLOCK_VARIADIC(vfprintf(stream, format, arguments));
}

INTERLOCK_INTERCEPTOR int vdprintf(int fd, const char *format, va_list arguments) {
  return checked_format(format, arguments, kNothingStored,
                        [=](va_list list) { return real_vdprintf.get()(fd, format, list); });
}

INTERLOCK_INTERCEPTOR int dprintf(int fd, const char *format, ...) {
  INTERLOCK_VARIADIC(vdprintf(fd, format, arguments));
}

// ---- fortified twins (-D_FORTIFY_SOURCE) ----

INTERLOCK_INTERCEPTOR int __vsprintf_chk(char *buffer, int flag, size_t capacity,
                                         const char *format, va_list arguments) {
  return checked_format(format, arguments, into_buffer(buffer, kUnbounded), [=](va_list list) {
    return real___vsprintf_chk.get()(buffer, flag, capacity, format, list);
  });
}

INTERLOCK_INTERCEPTOR int __sprintf_chk(char *buffer, int flag, size_t capacity,
                                        const char *format, ...) {
  INTERLOCK_VARIADIC(__vsprintf_chk(buffer, flag, capacity, format, arguments));
}

INTERLOCK_INTERCEPTOR int __vsnprintf_chk(char *buffer, size_t size, int flag, size_t capacity,
                                          const char *format, va_list arguments) {
  return checked_format(format, arguments, into_buffer(buffer, size), [=](va_list list) {
    return real___vsnprintf_chk.get()(buffer, size, flag, capacity, format, list);
  });
}

INTERLOCK_INTERCEPTOR int __snprintf_chk(char *buffer, size_t size, int flag, size_t capacity,
                                         const char *format, ...) {
  INTERLOCK_VARIADIC(__vsnprintf_chk(buffer, size, flag, capacity, format, arguments));
}

INTERLOCK_INTERCEPTOR int __vasprintf_chk(char **allocated, int flag, const char *format,
                                          va_list arguments) {
  return checked_format(format, arguments, into_allocation(allocated), [=](va_list list) {
    return real___vasprintf_chk.get()(allocated, flag, format, list);
  });
}

INTERLOCK_INTERCEPTOR int __asprintf_chk(char **allocated, int flag, const char *format, ...) {
  INTERLOCK_VARIADIC(__vasprintf_chk(allocated, flag, format, arguments));
}

INTERLOCK_INTERCEPTOR int __vprintf_chk(int flag, const char *format, va_list arguments) {
  return checked_format(format, arguments, kNothingStored, [=](va_list list) {
    return real___vprintf_chk.get()(flag, format, list);
  });
}

INTERLOCK_INTERCEPTOR int __printf_chk(int flag, const char *format, ...) {
  INTERLOCK_VARIADIC(__vprintf_chk(flag, format, arguments));
}

INTERLOCK_INTERCEPTOR int __vfprintf_chk(FILE *stream, int flag, const char *format,
                                         va_list arguments) {
  return checked_format(format, arguments, kNothingStored, [=](va_list list) {
    return real___vfprintf_chk.get()(stream, flag, format, list);
  });
}

INTERLOCK_INTERCEPTOR int __fprintf_chk(FILE *stream, int flag, const char *format, ...) {
  INTERLOCK_VARIADIC(__vfprintf_chk(stream, flag, format, arguments));
}

INTERLOCK_INTERCEPTOR int __vdprintf_chk(int fd, int flag, const char *format,
                                         va_list arguments) {
  return checked_format(format, arguments, kNothingStored, [=](va_list list) {
    return real___vdprintf_chk.get()(fd, flag, format, list);
  });
}

INTERLOCK_INTERCEPTOR int __dprintf_chk(int fd, int flag, const char *format, ...) {
  INTERLOCK_VARIADIC(__vdprintf_chk(fd, flag, format, arguments));
}

#undef INTERLOCK_VARIADIC
