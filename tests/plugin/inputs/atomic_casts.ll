; Pointer and floating-point atomics travel to the runtime as integers of their width;
; fadd and misaligned 128-bit atomics are left alone.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@shared_pointer = global i8* null
@shared_double = global double 0.0
@shared_wide = global i128 0
@shared_quad = global fp128 0xL0
@shared_wide_misaligned = global i128 0, align 8

; CHECK-LABEL: define i8* @pointer_ops(
define i8* @pointer_ops(i8* %new) {
; CHECK: [[RAW:%.*]] = call i64 @__interlock_atomic64_load(i64* bitcast (i8** @shared_pointer to i64*), i32 2,
; CHECK-NEXT: [[LOADED:%.*]] = inttoptr i64 [[RAW]] to i8*
  %loaded = load atomic i8*, i8** @shared_pointer acquire, align 8
; CHECK: [[NEWINT:%.*]] = ptrtoint i8* %new to i64
; CHECK-NEXT: call void @__interlock_atomic64_store(i64* bitcast (i8** @shared_pointer to i64*), i64 [[NEWINT]], i32 3,
  store atomic i8* %new, i8** @shared_pointer release, align 8
; CHECK: [[EXPECTED:%.*]] = ptrtoint i8* [[LOADED]] to i64
; CHECK-NEXT: [[DESIRED:%.*]] = ptrtoint i8* %new to i64
; CHECK-NEXT: [[OLD:%.*]] = call i64 @__interlock_atomic64_compare_exchange(i64* bitcast (i8** @shared_pointer to i64*), i64 [[EXPECTED]], i64 [[DESIRED]], i32 4, i32 2,
; CHECK-NEXT: [[OK:%.*]] = icmp eq i64 [[OLD]], [[EXPECTED]]
; CHECK-NEXT: [[OLDPTR:%.*]] = inttoptr i64 [[OLD]] to i8*
; CHECK-NEXT: [[PAIR:%.*]] = insertvalue { i8*, i1 } undef, i8* [[OLDPTR]], 0
; CHECK-NEXT: insertvalue { i8*, i1 } [[PAIR]], i1 [[OK]], 1
  %pair = cmpxchg i8** @shared_pointer, i8* %loaded, i8* %new acq_rel acquire
  %old = extractvalue { i8*, i1 } %pair, 0
; CHECK-NOT: cmpxchg
; CHECK: ret i8*
  ret i8* %old
}

; CHECK-LABEL: define double @float_ops(
define double @float_ops(double %value) {
; CHECK: [[BITS:%.*]] = bitcast double %value to i64
; CHECK-NEXT: [[OLD:%.*]] = call i64 @__interlock_atomic64_exchange(i64* bitcast (double* @shared_double to i64*), i64 [[BITS]], i32 0,
; CHECK-NEXT: bitcast i64 [[OLD]] to double
  %old = atomicrmw xchg double* @shared_double, double %value monotonic
; No runtime entry point for fadd: the instruction stays.
; CHECK: atomicrmw fadd double* @shared_double
  %sum = atomicrmw fadd double* @shared_double, double %value seq_cst
  %result = fadd double %old, %sum
  ret double %result
}

; CHECK-LABEL: define i128 @wide_ops(
define i128 @wide_ops(fp128 %value) {
; CHECK: call i128 @__interlock_atomic128_load(i128* @shared_wide, i32 5,
  %wide = load atomic i128, i128* @shared_wide seq_cst, align 16
; CHECK: [[BITS:%.*]] = bitcast fp128 %value to i128
; CHECK-NEXT: call void @__interlock_atomic128_store(i128* bitcast (fp128* @shared_quad to i128*), i128 [[BITS]], i32 3,
  store atomic fp128 %value, fp128* @shared_quad release, align 16
; cmpxchg16b faults on an address that is not 16-byte aligned: the backend makes this a
; libatomic call, so the instruction stays.
; CHECK: load atomic i128, i128* @shared_wide_misaligned acquire, align 8
  %misaligned = load atomic i128, i128* @shared_wide_misaligned acquire, align 8
  %result = add i128 %wide, %misaligned
  ret i128 %result
}
