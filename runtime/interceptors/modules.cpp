// dlclose of an instrumented library: it is unloaded, and the runtime forgets it safely.
//
// What the runtime remembers of a library points into the library's own memory: the sites of its
// accesses and calls (kept by the calling context of every recorded access, for as long as the
// program runs: runtime/context.h) and its globals' table and names (runtime/memory_map.cpp).
// Once dlclose unmaps the library, a report that looked a global up, or that showed an old access
// of the library, read unmapped memory (or another library mapped there since) and crashed.
//
// So, when an instrumented library is really unloaded:
//   - its globals are unregistered, and the shadow of its writable memory reset: whatever is
//     mapped there next starts clean;
//   - its sites stay readable where they were: the library's read-only and initialized data
//     (where the plugin puts sites, their strings and the globals' table) is copied before the
//     real dlclose, and put back at the same addresses, read-only, once the library is gone.
//     The old accesses keep their full stacks, and no other library can be mapped over the
//     addresses their sites name, so a site address never means two things. The cost is that
//     data (not the library's code or zeroed data) for each unload; a reload maps the library
//     elsewhere, with fresh state, as without Interlock.
// If another thread maps memory at those addresses in the instant between the unmapping and the
// copy's return (the copy cannot be put back), one line says so: reports may then show wrong
// source locations for the library's old accesses. Uninstrumented libraries are left alone.
//
// An instrumented module is known by its constructor: the plugin's module constructor calls
// __interlock_init, which notes the address it returns to (note_instrumented_module).
//
// Thread-safety: the list of constructor addresses is guarded by a spin lock (held across fork).
// Two threads closing the same library at once is the program's race; the loader serializes
// the real dlcloses.
#include <dlfcn.h>
#include <link.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/memory_map.h"
#include "runtime/modules.h"
#include "runtime/platform.h"
#include "runtime/shadow.h"

namespace interlock {
namespace {

INTERLOCK_REAL(dlclose);

struct ModuleConstructor {
  uptr address;
  ModuleConstructor *next;
};
ModuleConstructor *g_module_constructors;
SpinLock g_module_constructors_lock;

constexpr uptr kPageSize = 4096;
uptr page_down(uptr address) { return address & ~(kPageSize - 1); }
uptr page_up(uptr address) { return (address + kPageSize - 1) & ~(kPageSize - 1); }

struct Range {
  uptr begin;
  uptr end;
};

// What dlclose needs to know of one loaded module, from its program headers.
constexpr int kMaxRanges = 16;
struct ModuleLayout {
  uptr load_address;
  const char *name;                 // the loader's copy; valid until the module is unloaded
  bool found;
  bool instrumented;                // a noted constructor lies in its code
  Range code[kMaxRanges];           // executable segments
  int code_count;
  Range writable[kMaxRanges];       // writable segments, zeroed part included
  int writable_count;
  Range data[kMaxRanges];           // non-executable segments' file-backed pages: kept
  int data_count;
};

bool same_name(const char *a, const char *b) {
  if (a == nullptr || b == nullptr) return a == b;
  return strcmp(a, b) == 0;
}

bool holds_constructor(const Range &code) {
  SpinLockGuard guard(g_module_constructors_lock);
  for (const ModuleConstructor *c = g_module_constructors; c; c = c->next)
    if (c->address >= code.begin && c->address < code.end) return true;
  return false;
}

void add_range(Range *ranges, int *count, uptr begin, uptr end) {
  if (begin >= end || *count == kMaxRanges) return;
  // Two segments may share a page: one range for both, so that page is copied once.
  for (int i = 0; i < *count; i++) {
    if (begin < ranges[i].end && end > ranges[i].begin) {
      if (begin < ranges[i].begin) ranges[i].begin = begin;
      if (end > ranges[i].end) ranges[i].end = end;
      return;
    }
  }
  ranges[(*count)++] = {begin, end};
}

int read_layout(dl_phdr_info *info, size_t, void *data) {
  auto *layout = static_cast<ModuleLayout *>(data);
  if (info->dlpi_addr != layout->load_address || !same_name(info->dlpi_name, layout->name))
    return 0;
  layout->found = true;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD) continue;
    const uptr begin = info->dlpi_addr + segment.p_vaddr;
    if (segment.p_flags & PF_X) {
      const Range code = {begin, begin + segment.p_memsz};
      add_range(layout->code, &layout->code_count, code.begin, code.end);
      if (holds_constructor(code)) layout->instrumented = true;
      continue;
    }
    if (segment.p_flags & PF_W)
      add_range(layout->writable, &layout->writable_count, page_down(begin),
                page_up(begin + segment.p_memsz));
    add_range(layout->data, &layout->data_count, page_down(begin),
              page_up(begin + segment.p_filesz));
  }
  return 1;  // found: stop
}

// Whether the module at `load_address` named `name` is loaded; fills `layout` if so.
bool find_module(uptr load_address, const char *name, ModuleLayout *layout) {
  *layout = ModuleLayout{};
  layout->load_address = load_address;
  layout->name = name;
  dl_iterate_phdr(read_layout, layout);
  return layout->found;
}

// The data of an instrumented module about to be closed, copied aside.
struct SavedData {
  Range range;
  char *copy;
};

void forget_constructors_in(const Range &code) {
  SpinLockGuard guard(g_module_constructors_lock);
  for (ModuleConstructor **link = &g_module_constructors; *link;) {
    ModuleConstructor *c = *link;
    if (c->address >= code.begin && c->address < code.end) {
      *link = c->next;
      internal_free(c, sizeof *c);
    } else {
      link = &c->next;
    }
  }
}

// The library is gone: its data goes back where it was, read-only; the runtime forgets the rest.
// Returns 0, or the errno of the first part of the data that could not be put back.
int forget_unloaded_module(const ModuleLayout &layout, const SavedData *saved, int saved_count) {
  int error = 0;
  for (int i = 0; i < saved_count; i++) {
    const Range &range = saved[i].range;
    if (!os_map_fixed_copy_read_only(range.begin, saved[i].copy, range.end - range.begin) &&
        error == 0)
      error = os_last_error();
  }
  for (int i = 0; i < layout.writable_count; i++) {
    unregister_globals_in(layout.writable[i].begin, layout.writable[i].end);
    shadow_reset(layout.writable[i].begin, layout.writable[i].end - layout.writable[i].begin);
  }
  for (int i = 0; i < layout.data_count; i++)
    unregister_globals_in(layout.data[i].begin, layout.data[i].end);
  for (int i = 0; i < layout.code_count; i++) forget_constructors_in(layout.code[i]);
  return error;
}

// The real dlclose runs outside the runtime: the library's destructors are the program's code.
int close_instrumented(ThreadState *thr, void *handle, const ModuleLayout &layout) {
  SavedData saved[kMaxRanges];
  int saved_count = 0;
  for (int i = 0; i < layout.data_count; i++) {
    const Range &range = layout.data[i];
    auto *copy = static_cast<char *>(os_map(range.end - range.begin));
    if (copy == nullptr) continue;
    memcpy(copy, reinterpret_cast<const void *>(range.begin), range.end - range.begin);
    saved[saved_count++] = {range, copy};
  }
  // The name is the loader's: copied, to look the module up again after the close.
  const size_t name_size = strlen(layout.name) + 1;
  char *name = static_cast<char *>(internal_alloc(name_size));
  memcpy(name, layout.name, name_size);

  const int result = real_dlclose.get()(handle);
  const int close_errno = errno;

  ScopedInRuntime in_runtime(thr);
  ModuleLayout after;
  if (!find_module(layout.load_address, name, &after)) {
    if (const int error = forget_unloaded_module(layout, saved, saved_count))
      print_line("cannot keep the source locations of unloaded library '%s': %s; reports may "
                 "show wrong source lines for its earlier accesses",
                 name, os_error_text(error));
  }
  for (int i = 0; i < saved_count; i++)
    os_unmap(saved[i].copy, saved[i].range.end - saved[i].range.begin);
  internal_free(name, name_size);
  errno = close_errno;
  return result;
}

}  // namespace

void note_instrumented_module(const void *constructor_code) {
  auto *entry = internal_new_zeroed<ModuleConstructor>();
  entry->address = reinterpret_cast<uptr>(constructor_code);
  SpinLockGuard guard(g_module_constructors_lock);
  entry->next = g_module_constructors;
  g_module_constructors = entry;
}

void lock_modules_for_fork() { g_module_constructors_lock.lock(); }
void unlock_modules_after_fork() { g_module_constructors_lock.unlock(); }

}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int dlclose(void *handle) {
  ThreadState *thr = cur_thread();
  ModuleLayout layout;
  bool instrumented;
  {
    // What dlinfo and dl_iterate_phdr allocate is not the program's.
    ScopedInRuntime in_runtime(thr);
    const int saved_errno = errno;
    link_map *map = nullptr;
    // The program itself (dlopen(NULL)) is never unloaded: nothing to do for it.
    instrumented = dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != nullptr &&
                   map->l_name != nullptr && map->l_name[0] != '\0' &&
                   find_module(map->l_addr, map->l_name, &layout) && layout.instrumented;
    errno = saved_errno;
  }
  if (!instrumented) return real_dlclose.get()(handle);
  return close_instrumented(thr, handle, layout);
}
