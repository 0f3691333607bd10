// flock, lockf and fcntl's lock commands: decoded into a FileLockRequest (the byte range made
// absolute) and modelled by runtime/file_locks.h around the real call.
#include "file_lock_calls.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/file_locks.h"
#include "user_memory.h"

namespace interlock {
namespace {

INTERLOCK_REAL(flock);
INTERLOCK_REAL(lockf);

// The absolute range of `length` bytes from `start` (POSIX: 0 is "to any end", a negative length
// the bytes before `start`). False for a range before offset 0.
bool make_range(int64_t start, int64_t length, FileLockRequest *request) {
  if (length < 0) {
    start += length;
    length = -length;
  }
  if (start < 0) return false;
  request->start = uint64_t(start);
  request->end = length == 0 ? kToEnd : uint64_t(start) + uint64_t(length);
  return true;
}

// Where SEEK_CUR or SEEK_END puts offset 0, read with raw system calls.
bool base_offset(int fd, int whence, int64_t *base) {
  if (whence == SEEK_SET) {
    *base = 0;
    return true;
  }
  if (whence == SEEK_CUR) {
    const long offset = os_syscall(SYS_lseek, fd, 0L, SEEK_CUR);
    *base = offset;
    return offset >= 0;
  }
  if (whence == SEEK_END) {
    struct stat st;
    if (os_syscall(SYS_fstat, fd, &st) != 0) return false;
    *base = st.st_size;
    return true;
  }
  return false;
}

template <typename Call>
int modelled(ThreadState *thr, const FileLockRequest &request, Call call) {
  const uptr key = file_lock_before(thr, request);
  const int result = call();
  file_lock_after(thr, request, key, result == 0);
  return result;
}

}  // namespace

bool is_file_lock_command(int command) {
  return command == F_SETLK || command == F_SETLKW || command == F_OFD_SETLK ||
         command == F_OFD_SETLKW;
}

int fcntl_file_lock(int (*real_fcntl)(int, int, ...), int fd, int command, long argument) {
  ThreadState *thr = watching_thread();
  const struct flock *lock = reinterpret_cast<const struct flock *>(argument);
  FileLockRequest request;
  int64_t base;
  if (thr == nullptr || lock == nullptr || !base_offset(fd, lock->l_whence, &base) ||
      !make_range(base + lock->l_start, lock->l_len, &request))
    return real_fcntl(fd, command, argument);
  request.fd = fd;
  request.family = FileLockFamily::kPosix;
  request.owner = (command == F_OFD_SETLK || command == F_OFD_SETLKW) ? FileLockOwner::kDescription
                                                                      : FileLockOwner::kProcess;
  request.unlock = lock->l_type == F_UNLCK;
  request.shared = lock->l_type == F_RDLCK;
  request.blocking = !request.unlock && (command == F_SETLKW || command == F_OFD_SETLKW);
  return modelled(thr, request, [&] { return real_fcntl(fd, command, argument); });
}

}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int flock(int fd, int operation) {
  ThreadState *thr = watching_thread();
  const int kind = operation & ~LOCK_NB;
  if (thr == nullptr || (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN))
    return real_flock.get()(fd, operation);
  FileLockRequest request;
  request.fd = fd;
  request.family = FileLockFamily::kFlock;
  request.owner = FileLockOwner::kDescription;
  request.unlock = kind == LOCK_UN;
  request.shared = kind == LOCK_SH;
  request.blocking = !request.unlock && !(operation & LOCK_NB);
  return modelled(thr, request, [&] { return real_flock.get()(fd, operation); });
}

INTERLOCK_INTERCEPTOR int lockf(int fd, int command, off_t length) {
  ThreadState *thr = watching_thread();
  FileLockRequest request;
  int64_t base;
  if (thr == nullptr || command == F_TEST || !base_offset(fd, SEEK_CUR, &base) ||
      !make_range(base, length, &request))
    return real_lockf.get()(fd, command, length);
  request.fd = fd;
  request.family = FileLockFamily::kPosix;
  request.owner = FileLockOwner::kProcess;
  request.unlock = command == F_ULOCK;
  request.blocking = command == F_LOCK;
  return modelled(thr, request, [&] { return real_lockf.get()(fd, command, length); });
}

extern "C" __attribute__((visibility("default"), alias("lockf"))) decltype(lockf) lockf64;
