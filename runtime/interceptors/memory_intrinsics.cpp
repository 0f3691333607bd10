// The memcpy, memmove and memset intrinsics of instrumented code (__interlock_memcpy & co. of
// runtime/interface.h): the ranges are checked with the intrinsic's own site, then copied by
// libc's functions called around our interceptors (unchecked_memcpy & co., libc_memory.h, also
// used by runtime code that copies on its own behalf). A file of its own, away from the access
// entry points, so that linking those does not pull in the real-function machinery.
#include <string.h>

#include "libc_memory.h"
#include "real.h"
#include "runtime/access.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

INTERLOCK_REAL(memcpy);
INTERLOCK_REAL(memmove);
INTERLOCK_REAL(memset);

}  // namespace

void *unchecked_memcpy(void *destination, const void *source, size_t size) {
  return real_memcpy.get()(destination, source, size);
}

void *unchecked_memmove(void *destination, const void *source, size_t size) {
  return real_memmove.get()(destination, source, size);
}

void *unchecked_memset(void *destination, int value, size_t size) {
  return real_memset.get()(destination, value, size);
}

}  // namespace interlock

using namespace interlock;

extern "C" void *__interlock_memcpy(void *dst, const void *src, size_t n, const interlock_site *s) {
  if (ThreadState *thr = tls_thread) {
    access_range(thr, reinterpret_cast<uptr>(src), n, false, false, s);
    access_range(thr, reinterpret_cast<uptr>(dst), n, true, false, s);
  }
  return unchecked_memcpy(dst, src, n);
}

extern "C" void *__interlock_memmove(void *dst, const void *src, size_t n, const interlock_site *s) {
  if (ThreadState *thr = tls_thread) {
    access_range(thr, reinterpret_cast<uptr>(src), n, false, false, s);
    access_range(thr, reinterpret_cast<uptr>(dst), n, true, false, s);
  }
  return unchecked_memmove(dst, src, n);
}

extern "C" void *__interlock_memset(void *dst, int value, size_t n, const interlock_site *s) {
  if (ThreadState *thr = tls_thread) access_range(thr, reinterpret_cast<uptr>(dst), n, true, false, s);
  return unchecked_memset(dst, value, n);
}
