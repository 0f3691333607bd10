#include "runtime/modules.h"

#include <fcntl.h>
#include <link.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/fork.h"
#include "runtime/internal_alloc.h"

namespace interlock {
namespace {

constexpr uptr kPageSize = 4096;
uptr page_down(uptr address) { return address & ~(kPageSize - 1); }
uptr page_up(uptr address) { return (address + kPageSize - 1) & ~(kPageSize - 1); }

struct InstrumentedModule {
  ModuleMemory memory;
  const char *path;  // the runtime's copy
  bool unloaded;
  InstrumentedModule *next;
};
InstrumentedModule *g_modules;
SpinLock g_modules_lock;

// Adds [begin, end) to `ranges`; two segments sharing a page make one range, so that the page is
// copied once when the module is unloaded.
void add_range(AddressRange *ranges, int *count, uptr begin, uptr end) {
  if (begin >= end) return;
  for (int i = 0; i < *count; i++) {
    if (begin < ranges[i].end && end > ranges[i].begin) {
      if (begin < ranges[i].begin) ranges[i].begin = begin;
      if (end > ranges[i].end) ranges[i].end = end;
      return;
    }
  }
  if (*count < kMaxModuleSegments) ranges[(*count)++] = {begin, end};
}

// A loaded module known by an address in its code (lock held).
bool known_code(uptr address) {
  for (const InstrumentedModule *m = g_modules; m; m = m->next)
    if (!m->unloaded)
      for (int i = 0; i < m->memory.code_count; i++)
        if (m->memory.code[i].contains(address)) return true;
  return false;
}

char *copy_string(const char *text) {
  const size_t size = strlen(text) + 1;
  char *copy = static_cast<char *>(internal_alloc(size));
  memcpy(copy, text, size);
  return copy;
}

// The executable's own path: the loader names it "".
const char *executable_path() {
  char path[4096];
  const long n = os_syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return copy_string("");
  path[n] = '\0';
  return copy_string(path);
}

struct Search {
  uptr code_address;
  InstrumentedModule *found;
};

int describe_module(dl_phdr_info *info, size_t, void *data) {
  auto *search = static_cast<Search *>(data);
  ModuleMemory memory = {};
  memory.load_address = info->dlpi_addr;
  bool holds_address = false;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD) continue;
    const uptr begin = info->dlpi_addr + segment.p_vaddr;
    if (segment.p_flags & PF_X) {
      add_range(memory.code, &memory.code_count, begin, begin + segment.p_memsz);
      holds_address |= search->code_address >= begin &&
                       search->code_address < begin + segment.p_memsz;
      continue;
    }
    add_range(memory.data, &memory.data_count, page_down(begin),
              page_up(begin + segment.p_filesz));
    if (segment.p_flags & PF_W)
      add_range(memory.writable, &memory.writable_count, page_down(begin),
                page_up(begin + segment.p_memsz));
  }
  if (!holds_address) return 0;
  auto *module = internal_new_zeroed<InstrumentedModule>();
  module->memory = memory;
  module->path = info->dlpi_name && info->dlpi_name[0] ? copy_string(info->dlpi_name)
                                                        : executable_path();
  search->found = module;
  return 1;
}

int find_load_address(dl_phdr_info *info, size_t, void *data) {
  return info->dlpi_addr == *static_cast<uptr *>(data) ? 1 : 0;
}

}  // namespace

void note_instrumented_module(const void *constructor_code) {
  const uptr address = reinterpret_cast<uptr>(constructor_code);
  {
    SpinLockGuard guard(g_modules_lock);
    if (known_code(address)) return;
  }
  // Called from the module's constructor, while the loader has it mapped, so dl_iterate_phdr
  // sees it. Our lock is not held across it: the loader's lock is taken first.
  Search search = {address, nullptr};
  dl_iterate_phdr(describe_module, &search);
  if (search.found == nullptr) return;
  SpinLockGuard guard(g_modules_lock);
  search.found->next = g_modules;
  g_modules = search.found;
}

bool find_loaded_instrumented_module(uptr load_address, ModuleMemory *out) {
  SpinLockGuard guard(g_modules_lock);
  for (const InstrumentedModule *m = g_modules; m; m = m->next)
    if (!m->unloaded && m->memory.load_address == load_address) {
      *out = m->memory;
      return true;
    }
  return false;
}

bool module_loaded_at(uptr load_address) {
  return dl_iterate_phdr(find_load_address, &load_address) != 0;
}

void instrumented_module_unloaded(uptr load_address) {
  SpinLockGuard guard(g_modules_lock);
  for (InstrumentedModule *m = g_modules; m; m = m->next)
    if (m->memory.load_address == load_address) m->unloaded = true;
}

const char *module_containing(const void *address) {
  const uptr a = reinterpret_cast<uptr>(address);
  SpinLockGuard guard(g_modules_lock);
  // A loaded module first: if an unloaded one's data could not be kept, a new one may be there.
  for (int pass = 0; pass < 2; pass++)
    for (const InstrumentedModule *m = g_modules; m; m = m->next)
      if (m->unloaded == (pass == 1))
        for (int i = 0; i < m->memory.data_count; i++)
          if (m->memory.data[i].contains(a)) return m->path;
  return nullptr;
}

void lock_modules_for_fork() { g_modules_lock.lock(); }
void unlock_modules_after_fork() { g_modules_lock.unlock(); }

}  // namespace interlock
