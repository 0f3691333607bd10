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
// Which libraries are instrumented, and where their memory is, runtime/modules.h knows.
//
// Thread-safety: two threads closing the same library at once is the program's race; the loader
// serializes the real dlcloses.
#include <dlfcn.h>
#include <link.h>

#include "interceptor.h"
#include "real.h"
#include "runtime/internal_alloc.h"
#include "runtime/memory_map.h"
#include "runtime/modules.h"
#include "runtime/platform.h"
#include "runtime/shadow.h"

namespace interlock {
namespace {

INTERLOCK_REAL(dlclose);

// The data of an instrumented module about to be closed, copied aside.
struct SavedData {
  AddressRange range;
  char *copy;
};

// The library is gone: its data goes back where it was, read-only; the runtime forgets the rest.
// Returns 0, or the errno of the first part of the data that could not be put back.
int forget_unloaded_module(const ModuleMemory &module, const SavedData *saved, int saved_count) {
  int error = 0;
  for (int i = 0; i < saved_count; i++) {
    const AddressRange &range = saved[i].range;
    if (!os_map_fixed_copy_read_only(range.begin, saved[i].copy, range.end - range.begin) &&
        error == 0)
      error = os_last_error();
  }
  for (int i = 0; i < module.writable_count; i++) {
    const AddressRange &range = module.writable[i];
    unregister_globals_in(range.begin, range.end);
    shadow_reset(range.begin, range.end - range.begin);
  }
  for (int i = 0; i < module.data_count; i++)
    unregister_globals_in(module.data[i].begin, module.data[i].end);
  instrumented_module_unloaded(module.load_address);
  return error;
}

// The real dlclose runs outside the runtime: the library's destructors are the program's code.
int close_instrumented(ThreadState *thr, void *handle, const char *loader_name,
                       const ModuleMemory &module) {
  SavedData saved[kMaxModuleSegments];
  int saved_count = 0;
  char *name;
  size_t name_size;
  {
    ScopedInRuntime in_runtime(thr);
    for (int i = 0; i < module.data_count; i++) {
      const AddressRange &range = module.data[i];
      auto *copy = static_cast<char *>(os_map(range.end - range.begin));
      if (copy == nullptr) continue;
      memcpy(copy, reinterpret_cast<const void *>(range.begin), range.end - range.begin);
      saved[saved_count++] = {range, copy};
    }
    // The loader's name goes with the library: copied, for the message below.
    name_size = strlen(loader_name) + 1;
    name = static_cast<char *>(internal_alloc(name_size));
    memcpy(name, loader_name, name_size);
  }

  const int result = real_dlclose.get()(handle);
  const int close_errno = errno;

  ScopedInRuntime in_runtime(thr);
  if (!module_loaded_at(module.load_address)) {
    if (const int error = forget_unloaded_module(module, saved, saved_count))
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
}  // namespace interlock

using namespace interlock;

INTERLOCK_INTERCEPTOR int dlclose(void *handle) {
  ThreadState *thr = cur_thread();
  ModuleMemory module;
  link_map *map = nullptr;
  bool instrumented;
  {
    // What dlinfo allocates is not the program's.
    ScopedInRuntime in_runtime(thr);
    const int saved_errno = errno;
    // The program itself (dlopen(NULL), named "") is never unloaded: nothing to do for it.
    instrumented = dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != nullptr &&
                   map->l_name != nullptr && map->l_name[0] != '\0' &&
                   find_loaded_instrumented_module(map->l_addr, &module);
    errno = saved_errno;
  }
  if (!instrumented) return real_dlclose.get()(handle);
  return close_instrumented(thr, handle, map->l_name, module);
}
