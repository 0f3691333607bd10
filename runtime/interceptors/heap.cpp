// The heap: malloc & co. and C++ operator new/delete (every variant, by mangled name).
//
// Each successful allocation is shown to the runtime (heap_on_alloc) after the real allocation,
// each free before the real free (afterwards the block may already belong to another thread).
// realloc that moves is an allocation plus a free; to know the old block is really freed before
// any other thread can get its address, realloc is done here as malloc + copy + free (as TSan
// does): the C semantics are the same (realloc may always move).
//
// The real allocator is glibc's __libc_* entry points, so nothing here needs dlsym, and calloc
// works while dlsym itself is resolving a symbol (thr is null then).
//
// operator new: the runtime archive must link into C programs, so it cannot depend on libstdc++.
// When the allocation fails, the throwing variants hand over to libstdc++'s own operator new
// (found with dlsym, present in any process that calls operator new): it runs the new-handler
// loop and throws std::bad_alloc, and the memory it finally gets comes through our malloc, so it
// is modelled once. The nothrow variants likewise hand over to libstdc++'s nothrow ones, which
// call our throwing operator new inside try/catch. Should libstdc++'s function be missing, we
// print "interlock: out of memory" and abort.
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <new>

#include "interceptor.h"
#include "libc_memory.h"
#include "openmp_runtime_code.h"
#include "../thread_state.h"
#include "real.h"

namespace interlock {
namespace {

#define INTERLOCK_LIBC_OR_LIBSTDCXX(Type, variable, symbol) \
  INTERLOCK_REAL_FUNCTION_STORAGE RealFunction<Type> variable(symbol)

using AlignedAlloc = void *(size_t, size_t);
using PosixMemalign = int(void **, size_t, size_t);
using New = void *(size_t);
using AlignedNew = void *(size_t, std::align_val_t);
using NothrowNew = void *(size_t, const std::nothrow_t &);
using AlignedNothrowNew = void *(size_t, std::align_val_t, const std::nothrow_t &);

INTERLOCK_LIBC_OR_LIBSTDCXX(AlignedAlloc, real_aligned_alloc, "aligned_alloc");
INTERLOCK_LIBC_OR_LIBSTDCXX(PosixMemalign, real_posix_memalign, "posix_memalign");

// libstdc++'s operator new, for the out-of-memory path only.
INTERLOCK_LIBC_OR_LIBSTDCXX(New, libstdcxx_new, "_Znwm");
INTERLOCK_LIBC_OR_LIBSTDCXX(New, libstdcxx_new_array, "_Znam");
INTERLOCK_LIBC_OR_LIBSTDCXX(AlignedNew, libstdcxx_aligned_new, "_ZnwmSt11align_val_t");
INTERLOCK_LIBC_OR_LIBSTDCXX(AlignedNew, libstdcxx_aligned_new_array, "_ZnamSt11align_val_t");
INTERLOCK_LIBC_OR_LIBSTDCXX(NothrowNew, libstdcxx_nothrow_new, "_ZnwmRKSt9nothrow_t");
INTERLOCK_LIBC_OR_LIBSTDCXX(NothrowNew, libstdcxx_nothrow_new_array, "_ZnamRKSt9nothrow_t");
INTERLOCK_LIBC_OR_LIBSTDCXX(AlignedNothrowNew, libstdcxx_aligned_nothrow_new,
                            "_ZnwmSt11align_val_tRKSt9nothrow_t");
INTERLOCK_LIBC_OR_LIBSTDCXX(AlignedNothrowNew, libstdcxx_aligned_nothrow_new_array,
                            "_ZnamSt11align_val_tRKSt9nothrow_t");

#undef INTERLOCK_LIBC_OR_LIBSTDCXX

void *model_allocation(ThreadState *thr, void *block, size_t size) {
  if (thr != nullptr && block != nullptr) model(heap_on_alloc, thr, block, size);
  return block;
}

// Whether glibc's free gives this block's memory back to the kernel: a block it placed in a
// mapping of its own (large requests) carries the IS_MMAPPED bit (2) in its chunk's size word,
// the word just before the block, and free unmaps it.
bool unmapped_by_libc_free(const void *block) {
  return (reinterpret_cast<const size_t *>(block)[-1] & 2) != 0;
}

void model_and_free(ThreadState *thr, void *block) {
  if (block == nullptr) return;
  model(heap_on_free, thr, block, unmapped_by_libc_free(block));
  __libc_free(block);
}

[[noreturn]] void die_out_of_memory() {
  static const char kMessage[] = "interlock: out of memory\n";
  (void)!write(2, kMessage, sizeof kMessage - 1);
  abort();
}

// What operator new does when the allocation failed: libstdc++'s behaviour, or abort.
template <typename Fn, typename... Args>
void *new_after_failure(RealFunction<Fn> &libstdcxx_function, Args &&...args) {
  Fn *fallback = libstdcxx_function.get_if_present();
  if (fallback == nullptr) die_out_of_memory();
  return fallback(args...);
}

// operator new never returns null for a zero size, and its alignment is at least a pointer's.
size_t new_size(size_t size) { return size == 0 ? 1 : size; }
size_t new_alignment(std::align_val_t alignment) {
  const auto value = static_cast<size_t>(alignment);
  return value < sizeof(void *) ? sizeof(void *) : value;
}

void *allocate_for_new(size_t size) {
  ThreadState *thr = cur_thread();
  return model_allocation(thr, __libc_malloc(new_size(size)), new_size(size));
}

void *allocate_aligned_for_new(size_t size, std::align_val_t alignment) {
  ThreadState *thr = cur_thread();
  return model_allocation(thr, __libc_memalign(new_alignment(alignment), new_size(size)),
                          new_size(size));
}

void free_for_delete(void *block) { model_and_free(cur_thread(), block); }

}  // namespace
}  // namespace interlock

using namespace interlock;

// ---- C ----

INTERLOCK_INTERCEPTOR void *malloc(size_t size) {
  ThreadState *thr = cur_thread();
  return model_allocation(thr, __libc_malloc(size), size);
}

INTERLOCK_INTERCEPTOR void *calloc(size_t count, size_t size) {
  ThreadState *thr = cur_thread();
  // A non-null result means count * size did not overflow.
  return model_allocation(thr, __libc_calloc(count, size), count * size);
}

INTERLOCK_INTERCEPTOR void free(void *block) {
  ThreadState *thr = cur_thread();
  // libomp frees blocks it recycled through pools of its own: the free is not a write of the
  // program's that could race with the block's earlier users (openmp_runtime_code.h).
  if (thr != nullptr && called_from_openmp_runtime(__builtin_return_address(0))) {
    thr->ignore_writes++;
    model_and_free(thr, block);
    thr->ignore_writes--;
    return;
  }
  model_and_free(thr, block);
}

INTERLOCK_INTERCEPTOR void *realloc(void *block, size_t size) {
  ThreadState *thr = cur_thread();
  if (thr == nullptr) return __libc_realloc(block, size);
  if (block == nullptr) return model_allocation(thr, __libc_malloc(size), size);
  if (size == 0) {
    // glibc frees the block and returns null.
    model(heap_on_free, thr, block, unmapped_by_libc_free(block));
    return __libc_realloc(block, 0);
  }
  void *moved = __libc_malloc(size);
  if (moved == nullptr) return nullptr;  // errno is ENOMEM and the old block is untouched
  const size_t old_size = malloc_usable_size(block);
  unchecked_memcpy(moved, block, old_size < size ? old_size : size);
  model(heap_on_alloc, thr, moved, size);
  model_and_free(thr, block);
  return moved;
}

INTERLOCK_INTERCEPTOR void *reallocarray(void *block, size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(block, total);
}

INTERLOCK_INTERCEPTOR void *memalign(size_t alignment, size_t size) {
  ThreadState *thr = cur_thread();
  return model_allocation(thr, __libc_memalign(alignment, size), size);
}

INTERLOCK_INTERCEPTOR void *aligned_alloc(size_t alignment, size_t size) {
  ThreadState *thr = cur_thread();
  return model_allocation(thr, real_aligned_alloc.get()(alignment, size), size);
}

INTERLOCK_INTERCEPTOR int posix_memalign(void **result, size_t alignment, size_t size) {
  ThreadState *thr = cur_thread();
  const int error = real_posix_memalign.get()(result, alignment, size);
  if (error == 0) model_allocation(thr, *result, size);
  return error;
}

INTERLOCK_INTERCEPTOR void *valloc(size_t size) {
  ThreadState *thr = cur_thread();
  return model_allocation(thr, __libc_valloc(size), size);
}

INTERLOCK_INTERCEPTOR void *pvalloc(size_t size) {
  ThreadState *thr = cur_thread();
  // pvalloc rounds the size up to whole pages; the program owns all of them.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void *block = __libc_pvalloc(size);
  return model_allocation(thr, block, size == 0 ? page : (size + page - 1) / page * page);
}

// ---- C++ ----

#define INTERLOCK_OPERATOR __attribute__((visibility("default")))

INTERLOCK_OPERATOR void *operator new(size_t size) {
  void *block = allocate_for_new(size);
  return block != nullptr ? block : new_after_failure(libstdcxx_new, size);
}

INTERLOCK_OPERATOR void *operator new[](size_t size) {
  void *block = allocate_for_new(size);
  return block != nullptr ? block : new_after_failure(libstdcxx_new_array, size);
}

INTERLOCK_OPERATOR void *operator new(size_t size, const std::nothrow_t &nothrow) noexcept {
  void *block = allocate_for_new(size);
  return block != nullptr ? block : new_after_failure(libstdcxx_nothrow_new, size, nothrow);
}

INTERLOCK_OPERATOR void *operator new[](size_t size, const std::nothrow_t &nothrow) noexcept {
  void *block = allocate_for_new(size);
  return block != nullptr ? block
                          : new_after_failure(libstdcxx_nothrow_new_array, size, nothrow);
}

INTERLOCK_OPERATOR void *operator new(size_t size, std::align_val_t alignment) {
  void *block = allocate_aligned_for_new(size, alignment);
  return block != nullptr ? block : new_after_failure(libstdcxx_aligned_new, size, alignment);
}

INTERLOCK_OPERATOR void *operator new[](size_t size, std::align_val_t alignment) {
  void *block = allocate_aligned_for_new(size, alignment);
  return block != nullptr ? block
                          : new_after_failure(libstdcxx_aligned_new_array, size, alignment);
}

INTERLOCK_OPERATOR void *operator new(size_t size, std::align_val_t alignment,
                                      const std::nothrow_t &nothrow) noexcept {
  void *block = allocate_aligned_for_new(size, alignment);
  return block != nullptr
             ? block
             : new_after_failure(libstdcxx_aligned_nothrow_new, size, alignment, nothrow);
}

INTERLOCK_OPERATOR void *operator new[](size_t size, std::align_val_t alignment,
                                        const std::nothrow_t &nothrow) noexcept {
  void *block = allocate_aligned_for_new(size, alignment);
  return block != nullptr
             ? block
             : new_after_failure(libstdcxx_aligned_nothrow_new_array, size, alignment, nothrow);
}

INTERLOCK_OPERATOR void operator delete(void *block) noexcept { free_for_delete(block); }
INTERLOCK_OPERATOR void operator delete[](void *block) noexcept { free_for_delete(block); }
INTERLOCK_OPERATOR void operator delete(void *block, size_t) noexcept { free_for_delete(block); }
INTERLOCK_OPERATOR void operator delete[](void *block, size_t) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete(void *block, const std::nothrow_t &) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete[](void *block, const std::nothrow_t &) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete(void *block, std::align_val_t) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete[](void *block, std::align_val_t) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete(void *block, size_t, std::align_val_t) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete[](void *block, size_t, std::align_val_t) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete(void *block, std::align_val_t,
                                        const std::nothrow_t &) noexcept {
  free_for_delete(block);
}
INTERLOCK_OPERATOR void operator delete[](void *block, std::align_val_t,
                                          const std::nothrow_t &) noexcept {
  free_for_delete(block);
}
