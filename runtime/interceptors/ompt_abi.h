// The part of the OpenMP Tools Interface (OMPT, OpenMP 5.0/5.1 chapter 4) that Interlock's
// OpenMP tool uses, declared from the specification: a fixed C ABI, so the runtime needs no
// OpenMP header at build time (libomp's omp-tools.h is only on machines with libomp-14-dev).
// Only the values and signatures below are relied on; everything else of OMPT is left out.
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_OMPT_ABI_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_OMPT_ABI_H

#include <stdint.h>

extern "C" {

typedef union ompt_data_t {
  uint64_t value;
  void *ptr;
} ompt_data_t;

typedef uint64_t ompt_wait_id_t;
typedef void (*ompt_interface_fn_t)(void);
typedef ompt_interface_fn_t (*ompt_function_lookup_t)(const char *name);
typedef void (*ompt_callback_t)(void);
typedef int (*ompt_initialize_t)(ompt_function_lookup_t lookup, int initial_device_num,
                                 ompt_data_t *tool_data);
typedef void (*ompt_finalize_t)(ompt_data_t *tool_data);

typedef struct ompt_start_tool_result_t {
  ompt_initialize_t initialize;
  ompt_finalize_t finalize;
  ompt_data_t tool_data;
} ompt_start_tool_result_t;

// ompt_set_callback(event, callback) returns one of ompt_set_result_t; 0 is an error, 1 "never".
typedef int (*ompt_set_callback_t)(int event, ompt_callback_t callback);

typedef struct ompt_dependence_t {
  ompt_data_t variable;
  int dependence_type;
} ompt_dependence_t;

}  // extern "C"

namespace interlock::ompt {

enum Event : int {
  kParallelBegin = 3,
  kParallelEnd = 4,
  kTaskCreate = 5,
  kTaskSchedule = 6,
  kImplicitTask = 7,
  kMutexReleased = 17,
  kDependences = 18,
  kSyncRegion = 23,
  kLockInit = 24,
  kLockDestroy = 25,
  kMutexAcquire = 26,
  kMutexAcquired = 27,
  kNestLock = 28,
  kFlush = 29,
  kReduction = 31,
};
constexpr int kSetNever = 1;  // ompt_set_callback: the runtime will never make this callback

enum ScopeEndpoint : int { kScopeBegin = 1, kScopeEnd = 2, kScopeBeginEnd = 3 };

enum SyncRegion : int {
  kBarrier = 1,
  kBarrierImplicit = 2,
  kBarrierExplicit = 3,
  kBarrierImplementation = 4,
  kTaskwait = 5,
  kTaskgroup = 6,
  kReductionRegion = 7,
  kBarrierImplicitWorkshare = 8,
  kBarrierImplicitParallel = 9,
  kBarrierTeams = 10,
};

enum TaskFlags : int {
  kTaskInitial = 0x1,
  kTaskImplicit = 0x2,
  kTaskExplicit = 0x4,
};

enum TaskStatus : int {
  kTaskComplete = 1,
  kTaskYield = 2,
  kTaskCancel = 3,
  kTaskDetach = 4,
  kTaskEarlyFulfill = 5,
  kTaskLateFulfill = 6,
  kTaskSwitch = 7,
  kTaskwaitComplete = 8,
};

enum DependenceType : int {
  kDependIn = 1,
  kDependOut = 2,
  kDependInout = 3,
  kDependMutexinoutset = 4,
  kDependSource = 5,
  kDependSink = 6,
  kDependInoutset = 7,
};

enum MutexKind : int {
  kMutexLock = 1,
  kMutexTestLock = 2,
  kMutexNestLock = 3,
  kMutexTestNestLock = 4,
  kMutexCritical = 5,
  kMutexAtomic = 6,
  kMutexOrdered = 7,
};

}  // namespace interlock::ompt

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_OMPT_ABI_H
