// 16-byte atomics. With -mcx16 clang emits 128-bit atomic instructions, replaced by the
// __interlock_atomic128_* entry points (CX16). Without it, it calls libatomic's generic
// functions, replaced by __interlock_atomic_generic_* with the libatomic function passed along
// (LIBCALL).
#include <stdint.h>

_Alignas(16) unsigned __int128 wide;

// CHECK-LABEL: define {{.*}} @wide_load_store(
unsigned __int128 wide_load_store(unsigned __int128 value) {
  // CX16: call void @__interlock_atomic128_store(i128* @wide, i128 {{[^,]+}}, i32 3,
  // LIBCALL: call void @__interlock_atomic_generic_store(i64 16, i8* bitcast (i128* @wide to i8*), i8* {{[^,]+}}, i32 3, {{.*}}, i8* bitcast (void (i64, i8*, i8*, i32)* @__atomic_store to i8*))
  __atomic_store_n(&wide, value, __ATOMIC_RELEASE);
  // CX16: call i128 @__interlock_atomic128_load(i128* @wide, i32 2,
  // LIBCALL: call void @__interlock_atomic_generic_load(i64 16, i8* bitcast (i128* @wide to i8*), i8* {{[^,]+}}, i32 2, {{.*}}, i8* bitcast (void (i64, i8*, i8*, i32)* @__atomic_load to i8*))
  // CHECK-NOT: load atomic
  // CHECK-NOT: store atomic
  // LIBCALL-NOT: call void @__atomic_
  // CHECK: ret {{.*}}
  return __atomic_load_n(&wide, __ATOMIC_ACQUIRE);
}

// CHECK-LABEL: define {{.*}} @wide_exchange(
unsigned __int128 wide_exchange(unsigned __int128 value) {
  // CX16: call i128 @__interlock_atomic128_exchange(i128* @wide, i128 {{[^,]+}}, i32 5,
  // LIBCALL: call void @__interlock_atomic_generic_exchange(i64 16, i8* bitcast (i128* @wide to i8*), i8* {{[^,]+}}, i8* {{[^,]+}}, i32 5, {{.*}} @__atomic_exchange to i8*))
  // CHECK-NOT: atomicrmw
  // LIBCALL-NOT: call void @__atomic_
  // CHECK: ret {{.*}}
  return __atomic_exchange_n(&wide, value, __ATOMIC_SEQ_CST);
}

// CHECK-LABEL: define {{.*}} @wide_compare_exchange(
int wide_compare_exchange(unsigned __int128 *expected, unsigned __int128 desired) {
  // The success flag is rebuilt from the old value (CX16) or from the runtime's result (LIBCALL).
  // CX16: [[OLD:%[0-9a-z.]+]] = call i128 @__interlock_atomic128_compare_exchange(i128* @wide, i128 [[EXPECTED:%[0-9a-z.]+]], i128 {{[^,]+}}, i32 4, i32 2,
  // CX16-NEXT: icmp eq i128 [[OLD]], [[EXPECTED]]
  // LIBCALL: [[SWAPPED:%[0-9a-z.]+]] = call i32 @__interlock_atomic_generic_compare_exchange(i64 16, i8* bitcast (i128* @wide to i8*), i8* {{[^,]+}}, i8* {{[^,]+}}, i32 4, i32 2, {{.*}} @__atomic_compare_exchange to i8*))
  // LIBCALL-NEXT: icmp ne i32 [[SWAPPED]], 0
  // CHECK-NOT: cmpxchg
  // LIBCALL-NOT: call {{.*}} @__atomic_compare_exchange(
  // CHECK: ret i32
  return __atomic_compare_exchange_n(&wide, expected, desired, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE);
}

// CHECK-LABEL: define {{.*}} @wide_read_modify_write(
unsigned __int128 wide_read_modify_write(unsigned __int128 value) {
  // CX16: call i128 @__interlock_atomic128_fetch_add(i128* @wide, i128 {{[^,]+}}, i32 0,
  // CX16: call i128 @__interlock_atomic128_fetch_umax(i128* @wide, i128 {{[^,]+}}, i32 5,
  // CX16-NOT: atomicrmw
  // CHECK: ret {{.*}}
  unsigned __int128 sum = __atomic_fetch_add(&wide, value, __ATOMIC_RELAXED);
  return sum + __atomic_fetch_max(&wide, value, __ATOMIC_SEQ_CST);
}

// A struct that is not 16-byte aligned: even with -mcx16 clang calls libatomic, which handles
// it with a lock; the runtime calls libatomic the same way.
struct bytes16 {
  char c[16];
};
struct bytes16 packed_shared;

// CHECK-LABEL: define {{.*}} @misaligned_struct(
void misaligned_struct(struct bytes16 *out) {
  // CHECK: call void @__interlock_atomic_generic_load(i64 16, i8* getelementptr inbounds (%struct.bytes16, %struct.bytes16* @packed_shared, {{.*}}), i8* {{[^,]+}}, i32 5, {{.*}} @__atomic_load to i8*))
  // CHECK-NOT: call void @__atomic_load(
  // CHECK: ret void
  __atomic_load(&packed_shared, out, __ATOMIC_SEQ_CST);
}
