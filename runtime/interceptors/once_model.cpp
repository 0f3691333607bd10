#include "once_model.h"

#include "interceptor.h"

namespace interlock {
namespace {

__thread uptr t_pending_once_control __attribute__((tls_model("initial-exec")));
__thread OnceRoutine t_pending_once_routine __attribute__((tls_model("initial-exec")));

void once_trampoline() {
  const uptr control = t_pending_once_control;
  const OnceRoutine routine = t_pending_once_routine;
  routine();
  model(sync_release, cur_thread(), control);
}

}  // namespace

OnceRoutine prepare_once(uptr control, OnceRoutine routine) {
  t_pending_once_control = control;
  t_pending_once_routine = routine;
  return once_trampoline;
}

}  // namespace interlock
