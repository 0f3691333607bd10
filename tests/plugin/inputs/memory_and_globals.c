// Memory intrinsics become runtime calls; what cannot race stays uninstrumented; the module
// registers its writable globals.
#include <string.h>

int counter;
static long hidden_total;
const int lookup[4] = {1, 2, 3, 4};
_Thread_local int per_thread;
void consume(int *);

// The registered globals: writable, defined here, not thread-local; name, size, file and line.
// GLOBALS-DAG: @[[COUNTER_NAME:__interlock_str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"counter\00"
// GLOBALS-DAG: @[[HIDDEN_NAME:__interlock_str[.0-9]*]] = private unnamed_addr constant [13 x i8] c"hidden_total\00"
// GLOBALS-DAG: @[[FILE:__interlock_str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"/{{.*}}memory_and_globals.c\00"
// GLOBALS-DAG: @__interlock_globals = private constant [2 x { i8*, i64, i8*, i8*, i32 }] [{ i8*, i64, i8*, i8*, i32 } { i8* bitcast (i32* @counter to i8*), i64 4, i8* getelementptr inbounds ({{.*}}@[[COUNTER_NAME]], i32 0, i32 0), i8* getelementptr inbounds ({{.*}}@[[FILE]], i32 0, i32 0), i32 5 }, { i8*, i64, i8*, i8*, i32 } { i8* bitcast (i64* @hidden_total to i8*), i64 8, i8* getelementptr inbounds ({{.*}}@[[HIDDEN_NAME]], i32 0, i32 0), i8* getelementptr inbounds ({{.*}}@[[FILE]], i32 0, i32 0), i32 6 }]
// GLOBALS-DAG: @llvm.global_ctors = appending global [1 x { i32, void ()*, i8* }] [{ i32, void ()*, i8* } { i32 0, void ()* @__interlock_module_ctor, i8* null }]
// GLOBALS: define internal void @__interlock_module_ctor()
// GLOBALS-NEXT: call void @__interlock_init()
// GLOBALS-NEXT: call void @__interlock_register_globals(i8* bitcast ([2 x { i8*, i64, i8*, i8*, i32 }]* @__interlock_globals to i8*), i64 2)
// Then its dependence pairs (`counter++`: the store's value depends on the load, and nothing
// else decides that it runs: a pair of the value-only table; check_dependences.py checks the
// pairs themselves).
// GLOBALS-NEXT: call void @__interlock_register_value_dependences(i8* bitcast ([{{[0-9]+}} x i32]* @__interlock_value_dependences to i8*), i64 {{[0-9]+}})
// And that `counter++`'s store overwrites its load's bytes next (check_dependences.py
// --overwrites checks such pairs).
// GLOBALS-NEXT: call void @__interlock_register_overwrites(i8* bitcast ([2 x i32]* @__interlock_overwrites to i8*), i64 1)
// GLOBALS-NEXT: ret void

// CHECK-LABEL: define {{.*}} @intrinsics(
void intrinsics(char *destination, const char *source, unsigned long size) {
  // CHECK: call i8* @__interlock_memcpy(i8* %{{.*}}, i8* %{{.*}}, i64 %{{.*}}, %interlock.site* @__interlock_site
  memcpy(destination, source, size);
  // CHECK: call i8* @__interlock_memmove(i8* %{{.*}}, i8* %{{.*}}, i64 %{{.*}}, %interlock.site* @__interlock_site
  memmove(destination, source, size);
  // CHECK: call i8* @__interlock_memset(i8* %{{.*}}, i32 7, i64 %{{.*}}, %interlock.site* @__interlock_site
  memset(destination, 7, size);
  // CHECK-NOT: call void @llvm.mem
  // CHECK: ret void
}

// CHECK-LABEL: define {{.*}} @skips(
int skips(int index) {
  // A local whose address never escapes is private to the thread: not instrumented (at -O0
  // clang keeps it in memory, so this is where the capture check matters).
  int private_sum = index;
  private_sum += 2;
  // Its address escapes to consume(): instrumented.
  int shared_local = 0;
  // CHECK: call void @__interlock_write4(
  // CHECK-NEXT: store i32 0, i32* %[[SHARED:[0-9a-z._]+]]
  consume(&shared_local);
  // CHECK: call void @__interlock_read4(i8* %{{.*}}, %interlock.site* @{{.*}})
  // CHECK-NEXT: load i32, i32* %[[SHARED]]
  // Read-only data cannot race.
  // CHECK-NOT: call void @__interlock_read4(i8* {{.*}}@lookup
  // CHECK: ret i32
  return private_sum + shared_local + lookup[index & 3];
}

// Writable globals and thread-locals are accessed through instrumentation.
// CHECK-LABEL: define {{.*}} @globals(
void globals(long value) {
  // CHECK: call void @__interlock_read4(i8* bitcast (i32* @counter to i8*)
  // CHECK: call void @__interlock_write4(i8* bitcast (i32* @counter to i8*)
  counter++;
  // CHECK: call void @__interlock_write8(i8* bitcast (i64* @hidden_total to i8*)
  hidden_total = value;
  // CHECK: call void @__interlock_write4(i8* bitcast (i32* @per_thread to i8*)
  per_thread = 1;
}

long read_hidden(void) { return hidden_total; }
