// Plain loads and stores: one entry point per size, unaligned variants, ranges, volatile.
#include <stdint.h>

struct __attribute__((packed)) packed { char tag; int value; long wide; };
typedef float float8 __attribute__((vector_size(32)));

// CHECK-LABEL: define {{.*}} @sizes(
void sizes(uint8_t *b, uint16_t *h, uint32_t *w, uint64_t *d, __int128 *q) {
  // CHECK: call void @__interlock_write1(i8* %{{.*}}, %interlock.site* @__interlock_site
  // CHECK-NEXT: store i8 1
  *b = 1;
  // CHECK: call void @__interlock_write2(
  // CHECK-NEXT: store i16 2
  *h = 2;
  // CHECK: call void @__interlock_write4(
  // CHECK-NEXT: store i32 4
  *w = 4;
  // CHECK: call void @__interlock_write8(
  // CHECK-NEXT: store i64 8
  *d = 8;
  // CHECK: call void @__interlock_write16(
  // CHECK-NEXT: store i128 16
  *q = 16;
  // CHECK-NOT: __interlock_unaligned
  // CHECK: ret void
}

// CHECK-LABEL: define {{.*}} @reads(
uint64_t reads(uint8_t *b, uint16_t *h, uint32_t *w, uint64_t *d) {
  // CHECK-DAG: call void @__interlock_read1(
  // CHECK-DAG: call void @__interlock_read2(
  // CHECK-DAG: call void @__interlock_read4(
  // CHECK-DAG: call void @__interlock_read8(
  // CHECK-NOT: __interlock_write
  // CHECK: ret i64
  return *b + *h + *w + *d;
}

// CHECK-LABEL: define {{.*}} @unaligned(
int unaligned(struct packed *p) {
  // CHECK: call void @__interlock_unaligned_write8(
  // CHECK-NEXT: store i64 {{.*}} align 1
  p->wide = 3;
  // CHECK: call void @__interlock_unaligned_read4(
  // CHECK-NEXT: load i32, {{.*}} align 1
  return p->value;
}

// CHECK-LABEL: define {{.*}} @ranges(
void ranges(float8 *destination, float8 *source, long double *extended) {
  // A 32-byte vector has no dedicated entry point: a range of its store size.
  // CHECK: call void @__interlock_read_range(i8* %{{.*}}, i64 32,
  // CHECK: call void @__interlock_write_range(i8* %{{.*}}, i64 32,
  *destination = *source;
  // x87 long double stores 10 bytes.
  // CHECK: call void @__interlock_write_range(i8* %{{.*}}, i64 10,
  *extended = 1.0L;
}

// CHECK-LABEL: define {{.*}} @volatile_access(
int volatile_access(volatile int *flag) {
  // CHECK: call void @__interlock_read4(
  // CHECK-NEXT: load volatile i32
  return *flag;
}
