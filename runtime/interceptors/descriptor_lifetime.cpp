// The calls that create, copy and close file descriptors, for runtime/descriptors.h's model: a
// creation writes the number's fresh lifetime location, a close writes it (before the real
// close: afterwards the number may already name another thread's new file), a dup2/dup3 over an
// open number reads it, and the calls here that take a descriptor without creating one read it.
// Reads and writes are checked at the user's call site, so "thread A closed fd 5 while thread B
// was reading from it" is reported as a data race between the two calls, on "file descriptor 5".
//
// Creations seen: open, openat, creat (and their *64 names), dup, dup2, dup3, fcntl's
// F_DUPFD/F_DUPFD_CLOEXEC, pipe, pipe2, eventfd, epoll_create, epoll_create1, timerfd_create,
// signalfd (a new one), inotify_init, inotify_init1, memfd_create; the socket calls are in
// sockets.cpp. Others (fopen and opendir open inside libc, where no interceptor sees it) leave
// the number's lifetime as its last close left it: fresh, so nothing is judged against the past.
// Copies share the sync key of what they copy, so a dup of a pipe end still orders with the
// other end. The file-contents model (runtime/file_contents.h) learns here which descriptors name
// a regular file the process opened (open, openat, creat, and their copies) and whether they
// append (the open flags, fcntl F_SETFL). Interceptors call the real function whatever the thread (watching_thread() null:
// not registered, or inside the runtime).
#include <fcntl.h>
#include <stdarg.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "interceptor.h"
#include "real.h"
#include "file_lock_calls.h"
#include "runtime/descriptors.h"
#include "runtime/file_contents.h"
#include "runtime/file_locks.h"
#include "user_memory.h"

// The second name of an interceptor defined in this file: on x86-64 glibc's *64 functions are the
// plain ones under a second name (off_t is 64 bits).
#define INTERLOCK_LARGE_FILE_NAME(name64, name) \
  extern "C" __attribute__((visibility("default"), alias(#name))) decltype(name) name64;

namespace interlock {
namespace {

INTERLOCK_REAL(open);
INTERLOCK_REAL(openat);
INTERLOCK_REAL(creat);
INTERLOCK_REAL(dup);
INTERLOCK_REAL(dup2);
INTERLOCK_REAL(dup3);
INTERLOCK_REAL(fcntl);
INTERLOCK_REAL(close);
INTERLOCK_REAL(pipe);
INTERLOCK_REAL(pipe2);
INTERLOCK_REAL(eventfd);
INTERLOCK_REAL(epoll_create);
INTERLOCK_REAL(epoll_create1);
INTERLOCK_REAL(timerfd_create);
INTERLOCK_REAL(signalfd);
INTERLOCK_REAL(inotify_init);
INTERLOCK_REAL(inotify_init1);
INTERLOCK_REAL(memfd_create);

// After a call that returned `fd` (or -1): a new descriptor. Returns `fd`.
int created(int fd) {
  if (fd < 0) return fd;
  if (ThreadState *thr = watching_thread()) model(descriptor_created, thr, fd, __interlock_callsite);
  return fd;
}

// After a dup-like call that returned `copy` of `original`.
int copied(int original, int copy) {
  if (copy < 0) return copy;
  if (ThreadState *thr = watching_thread()) {
    model(descriptor_created, thr, copy, __interlock_callsite);
    descriptor_copy_sync_key(original, copy);
    file_contents_copied(thr, original, copy);
  }
  return copy;
}

// After open, openat or creat returned `fd` (or -1), opened with `flags`. Returns `fd`.
int opened(int fd, int flags) {
  created(fd);
  if (fd >= 0) file_contents_opened(watching_thread(), fd, flags);
  return fd;
}

void used(int fd) {
  if (ThreadState *thr = watching_thread()) model(descriptor_used, thr, fd, __interlock_callsite);
}

// Before dup2/dup3 of `original` onto `target` (different numbers).
void replacing(int original, int target) {
  if (ThreadState *thr = watching_thread()) {
    model(descriptor_used, thr, original, __interlock_callsite);
    // The kernel closes an open target first, and that close drops the process's classic
    // locks on its file as any close does.
    file_locks_closing(thr, target);
    model(descriptor_replacing, thr, target, __interlock_callsite);
  }
}

int replaced(int original, int target, int result) {
  if (result >= 0) {
    descriptor_copy_sync_key(original, target);
    file_contents_copied(watching_thread(), original, target);
  }
  return result;
}

// A pipe's two new ends, made by the real call that returned `result`.
int pipe_created(int fds[2], int result) {
  if (result != 0 || watching_thread() == nullptr) return result;
  created(fds[0]);
  created(fds[1]);
  descriptor_share_new_key(fds);
  return result;
}

// open's and openat's mode argument, present only when the flags create a file.
bool takes_mode(int flags) { return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE; }

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int open(const char *path, int flags, ...) {
  mode_t mode = 0;
  if (takes_mode(flags)) {
    va_list arguments;
    va_start(arguments, flags);
    mode = static_cast<mode_t>(va_arg(arguments, int));
    va_end(arguments);
  }
  return opened(real_open.get()(path, flags, mode), flags);
}

INTERLOCK_INTERCEPTOR int openat(int directory, const char *path, int flags, ...) {
  mode_t mode = 0;
  if (takes_mode(flags)) {
    va_list arguments;
    va_start(arguments, flags);
    mode = static_cast<mode_t>(va_arg(arguments, int));
    va_end(arguments);
  }
  return opened(real_openat.get()(directory, path, flags, mode), flags);
}

INTERLOCK_INTERCEPTOR int creat(const char *path, mode_t mode) {
  return opened(real_creat.get()(path, mode), O_CREAT | O_WRONLY | O_TRUNC);
}

INTERLOCK_INTERCEPTOR int dup(int original) {
  used(original);
  return copied(original, real_dup.get()(original));
}

INTERLOCK_INTERCEPTOR int dup2(int original, int target) {
  if (original == target) {  // nothing is replaced: dup2 only checks that it is open
    used(original);
    return real_dup2.get()(original, target);
  }
  replacing(original, target);
  return replaced(original, target, real_dup2.get()(original, target));
}

INTERLOCK_INTERCEPTOR int dup3(int original, int target, int flags) {
  if (original != target) replacing(original, target);  // equal numbers: EINVAL
  return replaced(original, target, real_dup3.get()(original, target, flags));
}

// The third argument is an int or a pointer depending on `command`; both travel in one
// register, so passing it on as a long gives the real function what it was given.
INTERLOCK_INTERCEPTOR int fcntl(int fd, int command, ...) {
  va_list arguments;
  va_start(arguments, command);
  const long argument = va_arg(arguments, long);
  va_end(arguments);
  if (is_file_lock_command(command)) return fcntl_file_lock(real_fcntl.get(), fd, command, argument);
  if (command == F_SETFL) {  // O_APPEND may change: appends are not checked
    const int result = real_fcntl.get()(fd, command, argument);
    if (result == 0) file_contents_flags_set(fd, static_cast<int>(argument));
    return result;
  }
  if (command != F_DUPFD && command != F_DUPFD_CLOEXEC)
    return real_fcntl.get()(fd, command, argument);
  used(fd);
  return copied(fd, real_fcntl.get()(fd, command, argument));
}

INTERLOCK_INTERCEPTOR int close(int fd) {
  if (ThreadState *thr = watching_thread()) {
    file_locks_closing(thr, fd);
    model(descriptor_closing, thr, fd, __interlock_callsite);
  }
  return real_close.get()(fd);
}

INTERLOCK_INTERCEPTOR int pipe(int fds[2]) { return pipe_created(fds, real_pipe.get()(fds)); }

INTERLOCK_INTERCEPTOR int pipe2(int fds[2], int flags) {
  return pipe_created(fds, real_pipe2.get()(fds, flags));
}

INTERLOCK_INTERCEPTOR int eventfd(unsigned int initial, int flags) {
  return created(real_eventfd.get()(initial, flags));
}

INTERLOCK_INTERCEPTOR int epoll_create(int size) { return created(real_epoll_create.get()(size)); }

INTERLOCK_INTERCEPTOR int epoll_create1(int flags) {
  return created(real_epoll_create1.get()(flags));
}

INTERLOCK_INTERCEPTOR int timerfd_create(int clock, int flags) {
  return created(real_timerfd_create.get()(clock, flags));
}

// fd -1 makes a new descriptor; any other changes the mask of that one (a use).
INTERLOCK_INTERCEPTOR int signalfd(int fd, const sigset_t *mask, int flags) {
  if (fd != -1) {
    used(fd);
    return real_signalfd.get()(fd, mask, flags);
  }
  return created(real_signalfd.get()(fd, mask, flags));
}

INTERLOCK_INTERCEPTOR int inotify_init() { return created(real_inotify_init.get()()); }

INTERLOCK_INTERCEPTOR int inotify_init1(int flags) {
  return created(real_inotify_init1.get()(flags));
}

INTERLOCK_INTERCEPTOR int memfd_create(const char *name, unsigned int flags) {
  return created(real_memfd_create.get()(name, flags));
}

INTERLOCK_LARGE_FILE_NAME(open64, open)
INTERLOCK_LARGE_FILE_NAME(openat64, openat)
INTERLOCK_LARGE_FILE_NAME(creat64, creat)
INTERLOCK_LARGE_FILE_NAME(fcntl64, fcntl)
