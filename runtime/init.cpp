// Runtime start-up and shutdown, and the stack entry points of runtime/interface.h.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/deadlocks.h"
#include "runtime/file_events.h"
#include "runtime/flags.h"
#include "runtime/interceptors/real.h"
#include "runtime/interceptors/thread_launch.h"
#include "runtime/modules.h"
#include "runtime/report.h"
#include "runtime/site_dependences.h"
#include "runtime/suppressions.h"
#include "runtime/thread_state.h"

__thread const interlock_site *__interlock_callsite __attribute__((tls_model("initial-exec")));

namespace interlock {
namespace {

int g_init_state;  // 0 not started, 1 in progress, 2 done

void at_exit() {
  ThreadState *thr = tls_thread;
  file_event_exit(thr);
  ScopedInRuntime in_runtime(thr);  // (as every runtime path enters: signal-fenced)
  int status = finish_reports();
  if (status >= 0) {
    // Give the program's buffered output a chance before replacing its exit status.
    fflush(nullptr);
    os_exit(status);
  }
}

// The value of `name` in `envp`, or null; libc's getenv does not work yet in .preinit_array.
const char *environment_value(char **envp, const char *name) {
  const size_t length = strlen(name);
  for (char **e = envp; e && *e; e++)
    if (strncmp(*e, name, length) == 0 && (*e)[length] == '=') return *e + length + 1;
  return nullptr;
}

}  // namespace

void initialize_from(char **envp) {
  int expected = 0;
  if (!__atomic_compare_exchange_n(&g_init_state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    return;  // done, or being done by this very thread further up the stack
  file_events_process_started();
  parse_flags(environment_value(envp, "INTERLOCK_OPTIONS"));
  if (flags().help) print_flag_help(2);
  const char *no_color = environment_value(envp, "NO_COLOR");
  note_no_color_environment(no_color != nullptr && no_color[0] != '\0');
  load_suppressions(flags().suppressions);
  deadlock_detection_init();
  // Look every real function up now: a lazy dlsym later could take the loader's lock while
  // another thread holds it in dlopen.
  resolve_all_real_functions();
  create_thread_exit_key();
  register_main_thread();
  atexit(at_exit);
  if (flags().verbosity > 0) print_line("watching pid %d", os_getpid());
  __atomic_store_n(&g_init_state, 2, __ATOMIC_RELEASE);
}

void initialize() { initialize_from(environ); }

const interlock_site *current_callsite() { return __interlock_callsite; }

}  // namespace interlock

using namespace interlock;

// Called by the constructor of every instrumented module (the plugin marks the call notail, so
// the return address lies in that module's code).
extern "C" void __interlock_init(void) {
  initialize();
  // A module's constructor may run while signals arrive (a dlopen): the tables it fills are
  // taken under locks a signal handler's own entries may need, so it is inside the runtime.
  ScopedInRuntime in_runtime(tls_thread);
  note_instrumented_module(__builtin_return_address(0));
}

// Also from every instrumented module's constructor (here, not in runtime/site_dependences.cpp,
// which runs without threads in the unit tests).
extern "C" void __interlock_register_dependences(const int32_t *pairs, size_t count) {
  ScopedInRuntime in_runtime(tls_thread);
  register_site_dependences(pairs, count);
}

extern "C" void __interlock_register_value_dependences(const int32_t *pairs, size_t count) {
  ScopedInRuntime in_runtime(tls_thread);
  register_value_dependences(pairs, count);
}

extern "C" void __interlock_register_control_dependences(const int32_t *pairs, size_t count) {
  ScopedInRuntime in_runtime(tls_thread);
  register_control_dependences(pairs, count);
}

extern "C" void __interlock_register_address_dependences(const int32_t *pairs, size_t count) {
  ScopedInRuntime in_runtime(tls_thread);
  register_address_dependences(pairs, count);
}

extern "C" void __interlock_register_overwrites(const int32_t *pairs, size_t count) {
  ScopedInRuntime in_runtime(tls_thread);
  register_overwrites(pairs, count);
}

// Runs before every constructor of the program, so no instrumented code runs unwatched.
static void preinit(int argc, char **argv, char **envp) {
  (void)argc;
  (void)argv;
  interlock::initialize_from(envp);
}
__attribute__((section(".preinit_array"), used)) static void (*interlock_preinit)(int, char **,
                                                                                 char **) = preinit;

extern "C" void *__interlock_func_entry(const interlock_site *function_site) {
  ThreadState *thr = tls_thread;
  if (INTERLOCK_UNLIKELY(!thr)) return nullptr;
  const ContextNode *caller = thr->context;
  // Consume the call site: a later call reaching us through uninstrumented code must not
  // inherit it.
  const interlock_site *call_site = __interlock_callsite;
  __interlock_callsite = nullptr;
  if (INTERLOCK_UNLIKELY(thr->in_runtime)) return const_cast<ContextNode *>(caller);
  // Making the node, or finding it beyond the caller's list, reads and writes the thread's
  // context cache and may take a table lock: a signal handler interrupting that must find the
  // thread inside the runtime and stay out, or its own frames' entries would spin on the lock
  // this thread holds (or overwrite the cache entry being read).
  thr->context = intern_context_outside_runtime(thr->context_cache, caller, call_site,
                                                function_site, &thr->in_runtime);
  return const_cast<ContextNode *>(caller);
}

extern "C" void __interlock_func_exit(void *saved_context) {
  ThreadState *thr = tls_thread;
  if (INTERLOCK_UNLIKELY(thr == nullptr)) return;
  // Hand back the call site this frame's entry consumed. The caller may be uninstrumented code
  // (libc running the global constructors before main, qsort, std::thread's invoker) that calls
  // instrumented code next: that call must see the site that called into it, not a site this
  // returning function stored for a call of its own into uninstrumented code (__cxa_atexit,
  // strcmp), or the next frame would hang under a frame that has returned.
  // Only a node this entry pushed (its parent is the saved caller) holds that site; a stack left
  // stale by an unwind through frames without cleanups hands back nothing.
  const ContextNode *own = thr->context;
  __interlock_callsite = own != nullptr && own->parent == saved_context
                             ? static_cast<const interlock_site *>(own->a)
                             : nullptr;
  thr->context = static_cast<const ContextNode *>(saved_context);
}

void interlock::leave_all_frames(ThreadState *thr) {
  __interlock_callsite = nullptr;
  if (thr != nullptr) thr->context = nullptr;
}
