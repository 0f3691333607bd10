// Interlock's OpenMP tool: the OMPT entry point libomp looks for when it starts. LLVM's libomp
// calls `ompt_start_tool` through the dynamic symbol table, where the executable's definition
// (exported: the generated interlock_rt.dynlist lists it) comes first, so an instrumented OpenMP program gets this tool
// with no environment variable; OMP_TOOL=disabled turns it off (libomp then calls nothing). A
// program built without OpenMP never calls it. The callbacks are registered here and modelled in
// openmp_regions.cpp, openmp_tasks.cpp and openmp_mutexes.cpp (openmp_model.h says how).
#include "interceptor.h"
#include "openmp_model.h"
#include "openmp_runtime_code.h"

namespace interlock::openmp {
namespace {

template <class Callback>
void register_callback(ompt_set_callback_t set_callback, int event, Callback callback) {
  set_callback(event, reinterpret_cast<ompt_callback_t>(callback));
}

int initialize_tool(ompt_function_lookup_t lookup, int initial_device_num,
                    ompt_data_t *tool_data) {
  auto set_callback = reinterpret_cast<ompt_set_callback_t>(lookup("ompt_set_callback"));
  if (!set_callback) return 0;  // not an OMPT runtime we understand: stay out of the way
  // `lookup` is libomp's own function: its module is the OpenMP runtime's code.
  note_openmp_runtime_code(reinterpret_cast<const void *>(lookup));
  g_get_task_memory = reinterpret_cast<GetTaskMemory>(lookup("ompt_get_task_memory"));
  register_callback(set_callback, ompt::kParallelBegin, on_parallel_begin);
  register_callback(set_callback, ompt::kParallelEnd, on_parallel_end);
  register_callback(set_callback, ompt::kImplicitTask, on_implicit_task);
  register_callback(set_callback, ompt::kSyncRegion, on_sync_region);
  register_callback(set_callback, ompt::kReduction, on_reduction);
  register_callback(set_callback, ompt::kFlush, on_flush);
  register_callback(set_callback, ompt::kTaskCreate, on_task_create);
  register_callback(set_callback, ompt::kTaskSchedule, on_task_schedule);
  register_callback(set_callback, ompt::kDependences, on_dependences);
  register_callback(set_callback, ompt::kMutexAcquire, on_mutex_acquire);
  register_callback(set_callback, ompt::kMutexAcquired, on_mutex_acquired);
  register_callback(set_callback, ompt::kMutexReleased, on_mutex_released);
  register_callback(set_callback, ompt::kNestLock, on_nest_lock);
  register_callback(set_callback, ompt::kLockInit, on_lock_init);
  register_callback(set_callback, ompt::kLockDestroy, on_lock_destroy);
  return 1;  // non-zero: the tool stays active
}

void finalize_tool(ompt_data_t *tool_data) {}

ompt_start_tool_result_t g_tool = {initialize_tool, finalize_tool, {0}};

}  // namespace
}  // namespace interlock::openmp

INTERLOCK_INTERCEPTOR ompt_start_tool_result_t *ompt_start_tool(unsigned int omp_version,
                                                                const char *runtime_version) {
  interlock::initialize();
  return &interlock::openmp::g_tool;
}
