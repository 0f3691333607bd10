// The speculation guard: every function the plugin instruments carries `sanitize_thread` from
// the start of the pipeline, so the optimizer keeps conditional loads conditional (no load the
// program does not make is checked), at every level. Functions the plugin leaves alone do not
// get it, and nothing of ThreadSanitizer's own is referenced.
// CHECK-NOT: __tsan
// CHECK-NOT: load volatile
int shared_global;

// CHECK: ; Function Attrs: {{.*}}sanitize_thread
// CHECK-NEXT: define {{.*}} @read_if(
int read_if(int use) {
  int x = 0;
  // The load stays behind the branch: no select of an unconditionally loaded value.
  // CHECK-NOT: @__interlock_read4
  // CHECK: br i1
  // CHECK: call void @__interlock_read4(i8* bitcast (i32* @shared_global to i8*)
  // CHECK-NEXT: load i32, i32* @shared_global
  // CHECK-NOT: select
  // CHECK: ret i32
  if (use)
    x = shared_global;
  return x;
}

// A loop-invariant load under a condition is not hoisted before the loop (LICM) either.
// CHECK: ; Function Attrs: {{.*}}sanitize_thread
// CHECK-NEXT: define {{.*}} @count_negatives(
int count_negatives(const int *a, int n) {
  int sum = 0;
  // CHECK-NOT: @__interlock_read4(i8* bitcast (i32* @shared_global
  // CHECK: icmp slt i32
  // CHECK: br i1
  // CHECK: call void @__interlock_read4(i8* bitcast (i32* @shared_global to i8*)
  // CHECK: {{^}}}
  for (int i = 0; i < n; i++)
    if (a[i] < 0)
      sum += shared_global;
  return sum;
}

// A location a loop only updates conditionally is not promoted (LICM would load it once before
// the loop, a load the program never makes when no element is negative): the load stays in the
// branch, plain (the volatile flag that kept LICM away is gone once it is instrumented).
int shared_counter;
int samples[64];  // another global: its loads cannot alias the counter
// CHECK: ; Function Attrs: {{.*}}sanitize_thread
// CHECK-NEXT: define {{.*}} @bump_negatives(
void bump_negatives(int n) {
  // CHECK-NOT: @__interlock_read4(i8* bitcast (i32* @shared_counter
  // CHECK: icmp slt i32
  // CHECK: br i1
  // CHECK: call void @__interlock_read4(i8* bitcast (i32* @shared_counter to i8*)
  // CHECK-NEXT: load i32, i32* @shared_counter
  // CHECK: call void @__interlock_write4(i8* bitcast (i32* @shared_counter to i8*)
  // CHECK: {{^}}}
  for (int i = 0; i < n; i++)
    if (samples[i] < 0)
      shared_counter++;
}

// Opted out of instrumentation: left as the optimizer wants it, without the attribute.
// CHECK: ; Function Attrs: {{.*}}disable_sanitizer_instrumentation
// CHECK-NOT: sanitize_thread
// CHECK-SAME: {{$}}
// CHECK-NEXT: define {{.*}} @not_instrumented(
// CHECK-NOT: __interlock
// CHECK: ret i32
__attribute__((disable_sanitizer_instrumentation)) int not_instrumented(int use) {
  return use ? shared_global : 0;
}

// CHECK-NOT: __tsan
// CHECK-NOT: load volatile
