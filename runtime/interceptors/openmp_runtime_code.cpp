// Where libomp's code is (openmp_runtime_code.h).
#include "openmp_runtime_code.h"

#include <link.h>

namespace interlock {

uptr g_openmp_code_begin;
uptr g_openmp_code_size;

namespace {

struct CodeSearch {
  uptr code;   // an address inside the module's code
  uptr begin;  // its executable segments' extent, once found
  uptr end;
};

int find_code_segments(dl_phdr_info *info, size_t, void *data) {
  auto *search = static_cast<CodeSearch *>(data);
  uptr begin = ~uptr(0), end = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD || !(segment.p_flags & PF_X)) continue;
    const uptr start = info->dlpi_addr + segment.p_vaddr;
    if (start < begin) begin = start;
    if (start + segment.p_memsz > end) end = start + segment.p_memsz;
  }
  if (end == 0 || search->code < begin || search->code >= end) return 0;
  search->begin = begin;
  search->end = end;
  return 1;
}

}  // namespace

void note_openmp_runtime_code(const void *code) {
  CodeSearch search = {reinterpret_cast<uptr>(code), 0, 0};
  if (!dl_iterate_phdr(find_code_segments, &search)) return;
  // The size first: until the begin is stored, the range [0, size) holds no code.
  __atomic_store_n(&g_openmp_code_size, search.end - search.begin, __ATOMIC_RELAXED);
  __atomic_store_n(&g_openmp_code_begin, search.begin, __ATOMIC_RELAXED);
}

}  // namespace interlock
