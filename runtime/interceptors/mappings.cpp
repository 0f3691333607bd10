// Memory mappings: mmap and munmap, seen so that memory mapped anew is new memory.
//
// A program (or a library: io_uring's rings, custom arenas, a thread's own buffers) may unmap a
// range in one thread and map new memory at the same address in another, with nothing ordering
// the two: the new memory's accesses must not be compared with the old memory's, nor its locks
// with the old locks. Both calls forget the range (runtime/memory_map.cpp): munmap before the real
// call, while the range is still this program's, and mmap after it, where the new memory is.
// mremap is not modelled (a moved mapping keeps its history at the old address).
#include <sys/mman.h>

#include "interceptor.h"
#include "real.h"

namespace interlock {
namespace {

INTERLOCK_REAL(mmap);
INTERLOCK_REAL(munmap);

constexpr uptr kMappingPage = 4096;

}  // namespace
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR void *mmap(void *addr, size_t length, int prot, int flags, int fd,
                                 off_t offset) {
  void *result = real_mmap.get()(addr, length, prot, flags, fd, offset);
  if (result != MAP_FAILED) model(mapping_forget, cur_thread(), result, length);
  return result;
}

// glibc's mmap64 is the same function on x86-64 (off_t is 64 bits).
extern "C" __attribute__((visibility("default"), alias("mmap"))) decltype(mmap) mmap64;

INTERLOCK_INTERCEPTOR int munmap(void *addr, size_t length) {
  // Only a call the kernel can accept forgets anything (a misaligned address fails with EINVAL
  // and leaves the memory mapped, its history with it).
  if (address_of(addr) % kMappingPage == 0) model(mapping_forget, cur_thread(), addr, length);
  return real_munmap.get()(addr, length);
}
