// Function entry/exit (including the unwinding path) and the call-site store before each call.
int shared;
void may_throw(int);
void never_throws(int) noexcept;

// CHECK-LABEL: define {{.*}} @_Z6callerv(
int caller() {
  // CHECK: [[FRAME:%[0-9a-z.]+]] = call i8* @__interlock_func_entry(%interlock.site* @__interlock_site
  // CHECK: store %interlock.site* @__interlock_site{{[.0-9]*}}, %interlock.site** @__interlock_callsite
  // CHECK-NEXT: invoke void @_Z9may_throwi(
  // CHECK-NEXT: to label %[[NORMAL:[0-9a-z.]+]] unwind label %[[CLEANUP:[0-9a-z.]+]]
  may_throw(1);
  // CHECK: store %interlock.site* @__interlock_site{{[.0-9]*}}, %interlock.site** @__interlock_callsite
  // CHECK-NEXT: call void @_Z12never_throwsi(
  never_throws(2);
  // CHECK: call void @__interlock_func_exit(i8* [[FRAME]])
  // CHECK-NEXT: ret i32
  // The exceptional exit: a cleanup landing pad reports the exit, then resumes unwinding.
  // CHECK: [[CLEANUP]]:
  // CHECK-NEXT: [[EXCEPTION:%[0-9a-z.]+]] = landingpad { i8*, i32 }
  // CHECK-NEXT: cleanup
  // CHECK-NEXT: call void @__interlock_func_exit(i8* [[FRAME]])
  // CHECK-NEXT: resume { i8*, i32 } [[EXCEPTION]]
  return shared;
}

// A leaf that touches no shared memory needs no frame.
// CHECK-LABEL: define {{.*}} @_Z4leafi(
// CHECK-NOT: __interlock
// CHECK: ret i32
int leaf(int value) { return value * 3; }

// Opted out: neither accesses nor frame.
// CHECK-LABEL: define {{.*}} @_Z7ignoredv(
// CHECK-NOT: __interlock
// CHECK: ret void
__attribute__((disable_sanitizer_instrumentation)) void ignored() { shared = 1; may_throw(3); }
