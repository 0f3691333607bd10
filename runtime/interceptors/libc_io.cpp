// Input and output into the program's buffers: read/write and their positioned, vectored and
// socket forms (sendmsg/recvmsg with their address and ancillary buffers), and stdio's
// fread/fwrite/fgets/fputs/puts/getline/getdelim. The bytes the kernel or stdio copies into
// or out of a user buffer are checked as plain writes or reads of the calling thread at the
// user's call site, once the real call said how many bytes it moved (nothing is checked for a
// failed call, or for a zero count). Reading calls may wait as long as they like for a pipe, a
// socket or a terminal: each is made as a blocking call (interceptor.h).
//
// The file's own bytes: a transfer through a descriptor of a regular file this process opened
// also reads or writes the file's contents at their offsets (runtime/file_contents.h), checked
// after the real call, so two threads writing the same bytes of a file, or one reading what another
// wrote, unordered, race there.
//
// Ordering through the descriptor itself: a write (send, ...) releases to a sync object of the
// file before the data can reach a reader, and a read that returns acquires it, so a thread that
// hands data over (or just wakes another) through a pipe, socket or eventfd orders what it did
// before with what the reader does after, as the kernel does. Which object a descriptor uses is
// runtime/descriptors.h's (the two ends of a pipe or socket pair share one, a connected socket
// uses its connection's, a bound datagram socket its address's; sendto/sendmsg to an address
// also release to that address's key, see sockets.cpp). Every call here on a descriptor also uses it: a read
// of its lifetime, so a close racing with it is reported (runtime/descriptors.h). Not modelled:
// stdio's FILE objects (glibc locks them itself; their buffers reach the kernel through libc's
// internal write, which no interceptor sees).
//
// Fortified twins: under -D_FORTIFY_SOURCE, code whose buffer size the compiler knows calls
// __read_chk, __fread_chk & co. instead. Of these, clang-14 only emits __fread_chk (it drops
// glibc's inline wrappers that call their own symbol through an alias); code built with gcc,
// system libraries included, emits all of them. glibc implements them on its internal entry
// points, which no interceptor sees, so each is intercepted and finishes like its plain twin,
// through the same code. The real __*_chk makes glibc's overflow check first; when it fails the
// program aborts inside it, exactly as without Interlock, before anything here is checked.
//
// Large-file names: code built with -D_FILE_OFFSET_BITS=64 (common in distribution builds) calls
// pread64, pwrite64, preadv64, pwritev64 and __pread64_chk. On x86-64 off_t is already 64 bits
// and glibc's *64 functions are the same functions under a second name, so each *64 interceptor
// is the plain interceptor under that second name too.
//
// Every interceptor calls the real function whatever the thread (watching_thread() null: not
// registered, or inside the runtime, whose report printing writes to fd 2 and lands here).
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/descriptors.h"
#include "runtime/file_contents.h"
#include "sockets.h"
#include "user_memory.h"

// glibc declares these only in fortified builds.
extern "C" {
ssize_t __read_chk(int fd, void *buffer, size_t size, size_t capacity);
ssize_t __pread_chk(int fd, void *buffer, size_t size, off_t offset, size_t capacity);
ssize_t __recv_chk(int fd, void *buffer, size_t size, size_t capacity, int flags);
ssize_t __recvfrom_chk(int fd, void *buffer, size_t size, size_t capacity, int flags,
                       struct sockaddr *from, socklen_t *from_size);
ssize_t __getdelim(char **line, size_t *capacity, int delimiter, FILE *stream);
size_t __fread_chk(void *buffer, size_t capacity, size_t size, size_t count, FILE *stream);
char *__fgets_chk(char *line, size_t capacity, int size, FILE *stream);
}
static_assert(sizeof(off_t) == 8, "the *64 interceptors are aliases of the plain ones");

// The second name of an interceptor defined in this file (see "Large-file names" above).
#define INTERLOCK_LARGE_FILE_NAME(name64, name) \
  extern "C" __attribute__((visibility("default"), alias(#name))) decltype(name) name64;

namespace interlock {
namespace {

INTERLOCK_REAL(read);
INTERLOCK_REAL(pread);
INTERLOCK_REAL(readv);
INTERLOCK_REAL(preadv);
INTERLOCK_REAL(write);
INTERLOCK_REAL(pwrite);
INTERLOCK_REAL(writev);
INTERLOCK_REAL(pwritev);
INTERLOCK_REAL(recv);
INTERLOCK_REAL(recvfrom);
INTERLOCK_REAL(send);
INTERLOCK_REAL(sendto);
INTERLOCK_REAL(fread);
INTERLOCK_REAL(fwrite);
INTERLOCK_REAL(fgets);
INTERLOCK_REAL(fputs);
INTERLOCK_REAL(puts);
INTERLOCK_REAL(getline);
INTERLOCK_REAL(getdelim);
INTERLOCK_REAL(__getdelim);
INTERLOCK_REAL(sendmsg);
INTERLOCK_REAL(recvmsg);
INTERLOCK_REAL(__read_chk);
INTERLOCK_REAL(__pread_chk);
INTERLOCK_REAL(__recv_chk);
INTERLOCK_REAL(__recvfrom_chk);
INTERLOCK_REAL(__fread_chk);
INTERLOCK_REAL(__fgets_chk);
// For the length of a string stdio moved; our own strlen would check the bytes once more.
INTERLOCK_REAL(strlen);

// Before any call that receives through `fd`: it uses the descriptor (a close racing with it is
// a race on the descriptor's lifetime).
void using_descriptor(int fd) {
  if (ThreadState *thr = watching_thread())
    model(descriptor_used, thr, fd, __interlock_callsite);
}
// Before a call that sends data through `fd`: it uses the descriptor, and what the thread did so
// far happens before the reader's return.
void release_to_descriptor(int fd) {
  if (ThreadState *thr = watching_thread()) {
    model(descriptor_used, thr, fd, __interlock_callsite);
    model(sync_release, thr, descriptor_sync_key(fd));
  }
}
// After a receiving call that returned (data, or end of file).
void acquire_from_descriptor(int fd, ssize_t result) {
  if (result < 0) return;
  if (ThreadState *thr = watching_thread()) model(sync_acquire, thr, descriptor_sync_key(fd));
}

// The file's bytes a transfer moved (runtime/file_contents.h): before a transfer at the
// description's position, where it starts (-1: not modelled); after it, the check of the bytes
// it moved, at that position or at an explicit offset.
int64_t contents_position(int fd, bool is_write) {
  return watching_thread() != nullptr ? file_contents_position(fd, is_write) : -1;
}
// `call`: the transfer's name for a report between processes ("pwrite").
ssize_t contents_moved(int fd, int64_t position, ssize_t result, bool is_write, const char *call) {
  if (position >= 0 && result > 0)
    if (ThreadState *thr = watching_thread())
      file_contents_moved(thr, fd, position, result, is_write, call, __interlock_callsite);
  return result;
}
ssize_t contents_moved_at(int fd, off_t offset, ssize_t result, bool is_write, const char *call) {
  if (result > 0)
    if (ThreadState *thr = watching_thread())
      file_contents_moved_at(thr, fd, offset, result, is_write, call, __interlock_callsite);
  return result;
}

// A transfer's result as a byte count: 0 for a failure (-1) or end of file.
size_t moved_bytes(ssize_t result) { return result > 0 ? static_cast<size_t>(result) : 0; }

// What every call that received into one buffer does once it returned `result`: acquire from
// the descriptor, then check the bytes it wrote. Returns `result`.
ssize_t received(int fd, void *buffer, ssize_t result) {
  acquire_from_descriptor(fd, result);
  if (ThreadState *thr = watching_thread()) check_user_write(thr, buffer, moved_bytes(result));
  return result;
}

// fread's and fgets's: stdio wrote `items` items of `size` bytes, or the line and its terminator.
size_t stdio_read(void *buffer, size_t size, size_t items) {
  if (ThreadState *thr = watching_thread()) check_user_write(thr, buffer, items * size);
  return items;
}

char *stdio_read_line(char *line, char *result) {
  if (ThreadState *thr = watching_thread(); thr != nullptr && result != nullptr)
    check_user_write(thr, line, real_strlen.get()(line) + 1);
  return result;
}

// A vectored transfer moved `moved` bytes: they fill the buffers in order. The iovec array
// itself is read by the call whatever it moved.
void check_vector(ThreadState *thr, const struct iovec *buffers, int count, size_t moved,
                  bool is_write) {
  if (thr == nullptr || count <= 0) return;
  check_user_read(thr, buffers, static_cast<size_t>(count) * sizeof(struct iovec));
  for (int i = 0; i < count && moved != 0; ++i) {
    const size_t part = buffers[i].iov_len < moved ? buffers[i].iov_len : moved;
    if (is_write)
      check_user_write(thr, buffers[i].iov_base, part);
    else
      check_user_read(thr, buffers[i].iov_base, part);
    moved -= part;
  }
}

// getline and getdelim read the caller's *line and *capacity, store them when they grew the
// buffer (with the program's realloc, which sees the old block freed at the same call site), and
// write the line and its terminator. `real_call()` makes the real call. A null `line` or
// `capacity` is the real function's to refuse (EINVAL).
template <typename RealCall>
ssize_t read_delimited(char **line, size_t *capacity, RealCall real_call) {
  if (line == nullptr || capacity == nullptr) return real_call();
  char *const line_before = *line;
  const size_t capacity_before = *capacity;
  const ssize_t result = real_call();
  ThreadState *thr = watching_thread();
  if (thr == nullptr) return result;
  check_user_read(thr, line, sizeof *line);
  check_user_read(thr, capacity, sizeof *capacity);
  if (*line != line_before) check_user_write(thr, line, sizeof *line);
  if (*capacity != capacity_before) check_user_write(thr, capacity, sizeof *capacity);
  if (result > 0) check_user_write(thr, *line, static_cast<size_t>(result) + 1);
  return result;
}

// A message's header and its address and ancillary buffers, around a sendmsg or recvmsg that
// returned `result`; the data buffers are check_vector's. recvmsg's kernel stores the address
// (no more than the buffer held), the ancillary data and the lengths and flags in the header.
void check_message(ThreadState *thr, const struct msghdr *message, socklen_t name_capacity,
                   ssize_t result, bool received) {
  if (thr == nullptr) return;
  check_user_read(thr, message, sizeof *message);
  check_vector(thr, message->msg_iov, static_cast<int>(message->msg_iovlen), moved_bytes(result),
               /*is_write=*/received);
  if (result < 0) return;
  if (!received) {
    if (message->msg_name != nullptr) check_user_read(thr, message->msg_name, message->msg_namelen);
    if (message->msg_control != nullptr)
      check_user_read(thr, message->msg_control, message->msg_controllen);
    return;
  }
  if (message->msg_name != nullptr)
    check_user_write(thr, message->msg_name,
                     message->msg_namelen < name_capacity ? message->msg_namelen : name_capacity);
  if (message->msg_control != nullptr)
    check_user_write(thr, message->msg_control, message->msg_controllen);
  check_user_write(thr, &message->msg_namelen, sizeof message->msg_namelen);
  check_user_write(thr, &message->msg_controllen, sizeof message->msg_controllen);
  check_user_write(thr, &message->msg_flags, sizeof message->msg_flags);
}

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- into the program's buffers ----

INTERLOCK_INTERCEPTOR ssize_t read(int fd, void *buffer, size_t size) {
  using_descriptor(fd);
  const int64_t position = contents_position(fd, /*is_write=*/false);
  const ssize_t result = blocking_call([&] { return real_read.get()(fd, buffer, size); });
  return contents_moved(fd, position, received(fd, buffer, result), /*is_write=*/false, "read");
}

INTERLOCK_INTERCEPTOR ssize_t pread(int fd, void *buffer, size_t size, off_t offset) {
  using_descriptor(fd);
  const ssize_t result =
      blocking_call([&] { return real_pread.get()(fd, buffer, size, offset); });
  return contents_moved_at(fd, offset, received(fd, buffer, result), /*is_write=*/false, "pread");
}

INTERLOCK_INTERCEPTOR ssize_t readv(int fd, const struct iovec *buffers, int count) {
  using_descriptor(fd);
  const int64_t position = contents_position(fd, /*is_write=*/false);
  const ssize_t result = blocking_call([&] { return real_readv.get()(fd, buffers, count); });
  acquire_from_descriptor(fd, result);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/true);
  return contents_moved(fd, position, result, /*is_write=*/false, "readv");
}

INTERLOCK_INTERCEPTOR ssize_t preadv(int fd, const struct iovec *buffers, int count, off_t offset) {
  using_descriptor(fd);
  const ssize_t result =
      blocking_call([&] { return real_preadv.get()(fd, buffers, count, offset); });
  acquire_from_descriptor(fd, result);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/true);
  return contents_moved_at(fd, offset, result, /*is_write=*/false, "preadv");
}

INTERLOCK_INTERCEPTOR ssize_t recv(int fd, void *buffer, size_t size, int flags) {
  using_descriptor(fd);
  return received(fd, buffer,
                  blocking_call([&] { return real_recv.get()(fd, buffer, size, flags); }));
}

INTERLOCK_INTERCEPTOR ssize_t recvfrom(int fd, void *buffer, size_t size, int flags,
                                       struct sockaddr *from, socklen_t *from_size) {
  using_descriptor(fd);
  const ssize_t result = blocking_call(
      [&] { return real_recvfrom.get()(fd, buffer, size, flags, from, from_size); });
  return received(fd, buffer, result);
}

INTERLOCK_INTERCEPTOR size_t fread(void *buffer, size_t size, size_t count, FILE *stream) {
  return stdio_read(buffer, size,
                    blocking_call([&] { return real_fread.get()(buffer, size, count, stream); }));
}

INTERLOCK_INTERCEPTOR char *fgets(char *line, int capacity, FILE *stream) {
  return stdio_read_line(line,
                         blocking_call([&] { return real_fgets.get()(line, capacity, stream); }));
}

INTERLOCK_INTERCEPTOR ssize_t getline(char **line, size_t *capacity, FILE *stream) {
  return read_delimited(line, capacity, [=] {
    return blocking_call([&] { return real_getline.get()(line, capacity, stream); });
  });
}

INTERLOCK_INTERCEPTOR ssize_t getdelim(char **line, size_t *capacity, int delimiter, FILE *stream) {
  return read_delimited(line, capacity, [=] {
    return blocking_call([&] { return real_getdelim.get()(line, capacity, delimiter, stream); });
  });
}

// glibc's own name of getdelim. With optimization on, <stdio.h> makes getline an inline call of
// it, so most of the program's getline calls arrive here.
INTERLOCK_INTERCEPTOR ssize_t __getdelim(char **line, size_t *capacity, int delimiter,
                                         FILE *stream) {
  return read_delimited(line, capacity, [=] {
    return blocking_call([&] { return real___getdelim.get()(line, capacity, delimiter, stream); });
  });
}

INTERLOCK_INTERCEPTOR ssize_t recvmsg(int fd, struct msghdr *message, int flags) {
  using_descriptor(fd);
  if (message == nullptr) return real_recvmsg.get()(fd, message, flags);  // EFAULT
  const socklen_t name_capacity = message->msg_namelen;
  const ssize_t result = blocking_call([&] { return real_recvmsg.get()(fd, message, flags); });
  acquire_from_descriptor(fd, result);
  check_message(watching_thread(), message, name_capacity, result, /*received=*/true);
  return result;
}

// ---- fortified twins of the above (-D_FORTIFY_SOURCE) ----

INTERLOCK_INTERCEPTOR ssize_t __read_chk(int fd, void *buffer, size_t size, size_t capacity) {
  using_descriptor(fd);
  const int64_t position = contents_position(fd, /*is_write=*/false);
  const ssize_t result =
      blocking_call([&] { return real___read_chk.get()(fd, buffer, size, capacity); });
  return contents_moved(fd, position, received(fd, buffer, result), /*is_write=*/false, "read");
}

INTERLOCK_INTERCEPTOR ssize_t __pread_chk(int fd, void *buffer, size_t size, off_t offset,
                                          size_t capacity) {
  using_descriptor(fd);
  const ssize_t result =
      blocking_call([&] { return real___pread_chk.get()(fd, buffer, size, offset, capacity); });
  return contents_moved_at(fd, offset, received(fd, buffer, result), /*is_write=*/false, "pread");
}

INTERLOCK_INTERCEPTOR ssize_t __recv_chk(int fd, void *buffer, size_t size, size_t capacity,
                                         int flags) {
  using_descriptor(fd);
  const ssize_t result =
      blocking_call([&] { return real___recv_chk.get()(fd, buffer, size, capacity, flags); });
  return received(fd, buffer, result);
}

INTERLOCK_INTERCEPTOR ssize_t __recvfrom_chk(int fd, void *buffer, size_t size, size_t capacity,
                                             int flags, struct sockaddr *from,
                                             socklen_t *from_size) {
  using_descriptor(fd);
  const ssize_t result = blocking_call([&] {
    return real___recvfrom_chk.get()(fd, buffer, size, capacity, flags, from, from_size);
  });
  return received(fd, buffer, result);
}

INTERLOCK_INTERCEPTOR size_t __fread_chk(void *buffer, size_t capacity, size_t size, size_t count,
                                         FILE *stream) {
  return stdio_read(buffer, size, blocking_call([&] {
                      return real___fread_chk.get()(buffer, capacity, size, count, stream);
                    }));
}

INTERLOCK_INTERCEPTOR char *__fgets_chk(char *line, size_t capacity, int size, FILE *stream) {
  return stdio_read_line(
      line, blocking_call([&] { return real___fgets_chk.get()(line, capacity, size, stream); }));
}

// ---- out of the program's buffers ----

INTERLOCK_INTERCEPTOR ssize_t write(int fd, const void *buffer, size_t size) {
  release_to_descriptor(fd);
  const int64_t position = contents_position(fd, /*is_write=*/true);
  const ssize_t result = real_write.get()(fd, buffer, size);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, moved_bytes(result));
  return contents_moved(fd, position, result, /*is_write=*/true, "write");
}

INTERLOCK_INTERCEPTOR ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset) {
  release_to_descriptor(fd);
  const ssize_t result = real_pwrite.get()(fd, buffer, size, offset);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, moved_bytes(result));
  return contents_moved_at(fd, offset, result, /*is_write=*/true, "pwrite");
}

INTERLOCK_INTERCEPTOR ssize_t writev(int fd, const struct iovec *buffers, int count) {
  release_to_descriptor(fd);
  const int64_t position = contents_position(fd, /*is_write=*/true);
  const ssize_t result = real_writev.get()(fd, buffers, count);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/false);
  return contents_moved(fd, position, result, /*is_write=*/true, "writev");
}

INTERLOCK_INTERCEPTOR ssize_t pwritev(int fd, const struct iovec *buffers, int count,
                                      off_t offset) {
  release_to_descriptor(fd);
  const ssize_t result = real_pwritev.get()(fd, buffers, count, offset);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/false);
  return contents_moved_at(fd, offset, result, /*is_write=*/true, "pwritev");
}

INTERLOCK_INTERCEPTOR ssize_t send(int fd, const void *buffer, size_t size, int flags) {
  release_to_descriptor(fd);
  const ssize_t result = real_send.get()(fd, buffer, size, flags);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t sendto(int fd, const void *buffer, size_t size, int flags,
                                     const struct sockaddr *to, socklen_t to_size) {
  release_to_descriptor(fd);
  if (to != nullptr) datagram_sending(to, to_size);
  const ssize_t result = real_sendto.get()(fd, buffer, size, flags, to, to_size);
  if (to != nullptr) datagram_sent(fd, to, result);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR size_t fwrite(const void *buffer, size_t size, size_t count, FILE *stream) {
  const size_t items = real_fwrite.get()(buffer, size, count, stream);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, items * size);
  return items;
}

INTERLOCK_INTERCEPTOR int fputs(const char *text, FILE *stream) {
  const int result = real_fputs.get()(text, stream);
  if (ThreadState *thr = watching_thread(); thr != nullptr && result >= 0)
    check_user_read(thr, text, real_strlen.get()(text) + 1);
  return result;
}

INTERLOCK_INTERCEPTOR int puts(const char *text) {
  const int result = real_puts.get()(text);
  if (ThreadState *thr = watching_thread(); thr != nullptr && result >= 0)
    check_user_read(thr, text, real_strlen.get()(text) + 1);
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t sendmsg(int fd, const struct msghdr *message, int flags) {
  release_to_descriptor(fd);
  const struct sockaddr *to =
      message != nullptr ? static_cast<const struct sockaddr *>(message->msg_name) : nullptr;
  if (to != nullptr) datagram_sending(to, message->msg_namelen);
  const ssize_t result = real_sendmsg.get()(fd, message, flags);
  if (to != nullptr) datagram_sent(fd, to, result);
  if (message == nullptr) return result;  // EFAULT
  check_message(watching_thread(), message, message->msg_namelen, result, /*received=*/false);
  return result;
}

// ---- large-file names ----

INTERLOCK_LARGE_FILE_NAME(pread64, pread)
INTERLOCK_LARGE_FILE_NAME(pwrite64, pwrite)
INTERLOCK_LARGE_FILE_NAME(preadv64, preadv)
INTERLOCK_LARGE_FILE_NAME(pwritev64, pwritev)
INTERLOCK_LARGE_FILE_NAME(__pread64_chk, __pread_chk)
