#include "runtime/internal_alloc.h"

#include <string.h>

#include "runtime/fork.h"
#include "runtime/platform.h"

namespace interlock {
namespace {

// Size classes: powers of two from 16 bytes to 1 MiB. Larger blocks are mapped directly. Vector
// clocks of programs that made tens of thousands of threads are hundreds of KiB, made and freed
// with every thread: mapping each would cost page faults and, at its unmap, a TLB flush on every
// CPU.
constexpr int kMinShift = 4;
constexpr int kMaxShift = 20;
constexpr int kClassCount = kMaxShift - kMinShift + 1;
constexpr size_t kChunkSize = size_t(4) << 20;

struct FreeBlock {
  FreeBlock *next;
};

struct SizeClass {
  SpinLock lock;
  FreeBlock *free_list;
  char *chunk_pos;
  char *chunk_end;
  char *populated_end;  // the chunk's pages below it are resident and the process's own
};

// Blocks carved from a fresh chunk are often read before they are written (a hash table probed
// before its first insertion, a clock joined into): the read maps the kernel's zero page, and
// the write then takes a copy-on-write fault whose TLB flush interrupts every other CPU the
// process runs on. So the pages of the bytes asked for are made resident and the process's own
// when the block is handed out: one call's work instead of a fault per page, and none of them
// copied. A block's rounding up to its class stays untouched (a table of 2^n slots and a header
// takes a block twice its size); populating ahead of the blocks, 64 KiB at a time, cost
// pbzip2 about 5 MiB of its peak for no time saved.
//
// The pages of [result, result + size), just carved from the class's chunk, that are not
// resident yet: claimed under the class lock (so no two threads populate one page), populated
// after it, since the call takes microseconds per page and other threads wait on that lock.
// A thread whose block shares a claimed page may write it before the call: a plain fault, and
// the call then leaves the page as it is.
struct PagesToPopulate {
  char *from = nullptr, *end = nullptr;
};
PagesToPopulate claim_pages(SizeClass &sc, char *result, size_t size) {
  char *const end =
      reinterpret_cast<char *>(round_up(reinterpret_cast<uptr>(result + size), kPageSize));
  if (end <= sc.populated_end) return {};  // none
  char *from = reinterpret_cast<char *>(round_down(reinterpret_cast<uptr>(result), kPageSize));
  if (from < sc.populated_end) from = sc.populated_end;
  sc.populated_end = end;
  return {from, end};
}

SizeClass g_classes[kClassCount];

int class_of(size_t size) {
  int shift = kMinShift;
  while ((size_t(1) << shift) < size) shift++;
  return shift - kMinShift;
}

}  // namespace

void *internal_alloc(size_t size) {
  if (size == 0) size = 1;
  if (size > (size_t(1) << kMaxShift)) {
    void *p = os_map(round_up(size, kPageSize));
    if (!p)
      internal_error("cannot map %zu bytes of runtime metadata: %s", size,
                     os_error_text(os_last_error()));
    os_populate_for_write(p, round_up(size, kPageSize));  // see claim_pages()
    return p;
  }
  int c = class_of(size);
  size_t block = size_t(1) << (c + kMinShift);
  SizeClass &sc = g_classes[c];
  void *result;
  PagesToPopulate pages;
  bool reused = false;
  {
    SpinLockGuard guard(sc.lock);
    if (sc.free_list) {
      result = sc.free_list;
      sc.free_list = sc.free_list->next;
      reused = true;
    } else {
      if (sc.chunk_pos == nullptr || sc.chunk_pos + block > sc.chunk_end) {
        char *chunk = static_cast<char *>(os_map(kChunkSize));
        if (!chunk)
          internal_error("cannot map runtime metadata: %s", os_error_text(os_last_error()));
        sc.chunk_pos = chunk;
        sc.chunk_end = chunk + kChunkSize;
        sc.populated_end = chunk;
      }
      result = sc.chunk_pos;
      sc.chunk_pos += block;
      pages = claim_pages(sc, static_cast<char *>(result), size);
    }
  }
  if (reused)
    memset(result, 0, block);
  else if (pages.end > pages.from)  // (a fresh mapping: already zero)
    os_populate_for_write(pages.from, pages.end - pages.from);
  return result;
}

void internal_free(void *p, size_t size) {
  if (!p) return;
  if (size == 0) size = 1;
  if (size > (size_t(1) << kMaxShift)) {
    os_unmap(p, round_up(size, kPageSize));
    return;
  }
  SizeClass &sc = g_classes[class_of(size)];
  SpinLockGuard guard(sc.lock);
  auto *fb = static_cast<FreeBlock *>(p);
  fb->next = sc.free_list;
  sc.free_list = fb;
}

void lock_internal_alloc_for_fork() {
  for (SizeClass &size_class : g_classes) size_class.lock.lock();
}
void unlock_internal_alloc_after_fork() {
  for (SizeClass &size_class : g_classes) size_class.lock.unlock();
}

}  // namespace interlock
