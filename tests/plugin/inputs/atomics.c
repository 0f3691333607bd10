// Atomics are replaced by runtime calls that perform them, with the C11 memory order.
#include <stdatomic.h>
#include <stdint.h>

// CHECK-LABEL: define {{.*}} @loads_and_stores(
int loads_and_stores(_Atomic int *i, _Atomic uint8_t *b, _Atomic uint16_t *h, _Atomic long *l) {
  // CHECK: call void @__interlock_atomic32_store(i32* %{{.*}}, i32 {{[^,]+}}, i32 3,
  atomic_store_explicit(i, 7, memory_order_release);
  // CHECK: call void @__interlock_atomic8_store(i8* %{{.*}}, i8 {{[^,]+}}, i32 0,
  atomic_store_explicit(b, 1, memory_order_relaxed);
  // CHECK: call void @__interlock_atomic16_store(i16* %{{.*}}, i16 {{[^,]+}}, i32 5,
  atomic_store(h, 2);
  // CHECK: call i64 @__interlock_atomic64_load(i64* %{{.*}}, i32 2,
  long value = atomic_load_explicit(l, memory_order_acquire);
  // CHECK: call i32 @__interlock_atomic32_load(i32* %{{.*}}, i32 5,
  // CHECK-NOT: load atomic
  // CHECK-NOT: store atomic
  // CHECK: ret i32
  return atomic_load(i) + (int)value;
}

// CHECK-LABEL: define {{.*}} @read_modify_write(
long read_modify_write(_Atomic long *l, unsigned *u, long *plain) {
  long sum = 0;
  // CHECK: call i64 @__interlock_atomic64_fetch_add(i64* %{{.*}}, i64 {{[^,]+}}, i32 0,
  sum += atomic_fetch_add_explicit(l, 1, memory_order_relaxed);
  // CHECK: call i64 @__interlock_atomic64_fetch_sub(i64* %{{.*}}, i64 {{[^,]+}}, i32 4,
  sum += atomic_fetch_sub_explicit(l, 2, memory_order_acq_rel);
  // CHECK: call i64 @__interlock_atomic64_fetch_and(
  sum += atomic_fetch_and(l, 3);
  // CHECK: call i64 @__interlock_atomic64_fetch_or(
  sum += atomic_fetch_or(l, 4);
  // CHECK: call i64 @__interlock_atomic64_fetch_xor(
  sum += atomic_fetch_xor(l, 5);
  // CHECK: call i64 @__interlock_atomic64_exchange(i64* %{{.*}}, i64 {{[^,]+}}, i32 5,
  sum += atomic_exchange(l, 6);
  // CHECK: call i32 @__interlock_atomic32_fetch_nand(
  sum += __atomic_fetch_nand(u, 7, __ATOMIC_SEQ_CST);
  // CHECK: call i32 @__interlock_atomic32_fetch_umax(
  sum += __atomic_fetch_max(u, 8, __ATOMIC_SEQ_CST);
  // CHECK: call i64 @__interlock_atomic64_fetch_min(
  sum += __atomic_fetch_min(plain, 9, __ATOMIC_SEQ_CST);
  // CHECK-NOT: atomicrmw
  // CHECK: ret i64
  return sum;
}

// CHECK-LABEL: define {{.*}} @compare_exchange(
int compare_exchange(_Atomic int *i, int *expected) {
  // The call returns the old value; success is rebuilt by comparing it with the expected one.
  // CHECK: [[OLD:%[0-9a-z.]+]] = call i32 @__interlock_atomic32_compare_exchange(i32* %{{.*}}, i32 [[EXPECTED:%[0-9a-z.]+]], i32 {{[^,]+}}, i32 3, i32 0,
  // CHECK-NEXT: icmp eq i32 [[OLD]], [[EXPECTED]]
  // CHECK-NOT: cmpxchg
  // CHECK: ret i32
  return atomic_compare_exchange_strong_explicit(i, expected, 5, memory_order_release,
                                                 memory_order_relaxed);
}

// CHECK-LABEL: define {{.*}} @pointer_and_float(
float pointer_and_float(void *_Atomic *p, _Atomic float *f) {
  // CHECK: call i64 @__interlock_atomic64_exchange(i64* %{{.*}}, i64 {{[^,]+}}, i32 5,
  void *old = atomic_exchange(p, (void *)0);
  // CHECK: call i32 @__interlock_atomic32_load(i32* %{{.*}}, i32 2,
  return atomic_load_explicit(f, memory_order_acquire) + (old != 0);
}

// CHECK-LABEL: define {{.*}} @fences(
void fences(void) {
  // CHECK: call void @__interlock_atomic_fence(i32 3)
  // CHECK-NEXT: fence release
  atomic_thread_fence(memory_order_release);
  // CHECK: call void @__interlock_atomic_fence(i32 2)
  // CHECK-NEXT: fence acquire
  atomic_thread_fence(memory_order_acquire);
  // A signal fence orders nothing between threads: kept, not reported.
  // CHECK-NOT: call void @__interlock_atomic_fence
  // CHECK: fence syncscope("singlethread") seq_cst
  // CHECK-NOT: call void @__interlock_atomic_fence
  // CHECK: ret void
  atomic_signal_fence(memory_order_seq_cst);
}
