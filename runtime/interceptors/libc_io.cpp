// Input and output into the program's buffers: read/write and their positioned, vectored and
// socket forms, and stdio's fread/fwrite/fgets/fputs. The bytes the kernel or stdio copies into
// or out of a user buffer are checked as plain writes or reads of the calling thread at the
// user's call site, once the real call said how many bytes it moved (nothing is checked for a
// failed call, or for a zero count).
//
// Not modelled here: ordering through the file descriptor itself (a write into a pipe does not
// happen-before the read that receives it), and stdio's FILE objects, which glibc locks itself.
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
#include "user_memory.h"

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
// For the length of a string stdio moved; our own strlen would check the bytes once more.
INTERLOCK_REAL(strlen);

// A transfer's result as a byte count: 0 for a failure (-1) or end of file.
size_t moved_bytes(ssize_t result) { return result > 0 ? static_cast<size_t>(result) : 0; }

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

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- into the program's buffers ----

INTERLOCK_INTERCEPTOR ssize_t read(int fd, void *buffer, size_t size) {
  const ssize_t result = real_read.get()(fd, buffer, size);
  if (ThreadState *thr = watching_thread()) check_user_write(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t pread(int fd, void *buffer, size_t size, off_t offset) {
  const ssize_t result = real_pread.get()(fd, buffer, size, offset);
  if (ThreadState *thr = watching_thread()) check_user_write(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t readv(int fd, const struct iovec *buffers, int count) {
  const ssize_t result = real_readv.get()(fd, buffers, count);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/true);
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t preadv(int fd, const struct iovec *buffers, int count,
                                     off_t offset) {
  const ssize_t result = real_preadv.get()(fd, buffers, count, offset);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/true);
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t recv(int fd, void *buffer, size_t size, int flags) {
  const ssize_t result = real_recv.get()(fd, buffer, size, flags);
  if (ThreadState *thr = watching_thread()) check_user_write(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t recvfrom(int fd, void *buffer, size_t size, int flags,
                                       struct sockaddr *from, socklen_t *from_size) {
  const ssize_t result = real_recvfrom.get()(fd, buffer, size, flags, from, from_size);
  if (ThreadState *thr = watching_thread()) check_user_write(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR size_t fread(void *buffer, size_t size, size_t count, FILE *stream) {
  const size_t items = real_fread.get()(buffer, size, count, stream);
  if (ThreadState *thr = watching_thread()) check_user_write(thr, buffer, items * size);
  return items;
}

INTERLOCK_INTERCEPTOR char *fgets(char *line, int capacity, FILE *stream) {
  char *result = real_fgets.get()(line, capacity, stream);
  if (ThreadState *thr = watching_thread(); thr != nullptr && result != nullptr)
    check_user_write(thr, line, real_strlen.get()(line) + 1);
  return result;
}

// ---- out of the program's buffers ----

INTERLOCK_INTERCEPTOR ssize_t write(int fd, const void *buffer, size_t size) {
  const ssize_t result = real_write.get()(fd, buffer, size);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset) {
  const ssize_t result = real_pwrite.get()(fd, buffer, size, offset);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t writev(int fd, const struct iovec *buffers, int count) {
  const ssize_t result = real_writev.get()(fd, buffers, count);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/false);
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t pwritev(int fd, const struct iovec *buffers, int count,
                                      off_t offset) {
  const ssize_t result = real_pwritev.get()(fd, buffers, count, offset);
  check_vector(watching_thread(), buffers, count, moved_bytes(result), /*is_write=*/false);
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t send(int fd, const void *buffer, size_t size, int flags) {
  const ssize_t result = real_send.get()(fd, buffer, size, flags);
  if (ThreadState *thr = watching_thread()) check_user_read(thr, buffer, moved_bytes(result));
  return result;
}

INTERLOCK_INTERCEPTOR ssize_t sendto(int fd, const void *buffer, size_t size, int flags,
                                     const struct sockaddr *to, socklen_t to_size) {
  const ssize_t result = real_sendto.get()(fd, buffer, size, flags, to, to_size);
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
