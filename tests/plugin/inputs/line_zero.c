// Accesses the optimizer leaves at line 0 (or with no location) borrow a real line: at -O1+ the
// load of `counter` is hoisted out of the (then folded) loop and the load of `total` is promoted
// to the loop's preheader, both without a location. Each must get the line and column of the
// statement it came from, which its store keeps: `counter++` (10:12) and `total +=` (15:11).
int counter;
int total;

void counted_loop(void) {
  for (int i = 0; i < 1000; i++)
    counter++;
}

void promoted_loop(const short *data, int n) {
  for (int i = 0; i < n; i++) {
    total +=
        data[i];
  }
}

// LINES-DAG: @[[COUNTER_SITE:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 10, i32 12, %interlock.site* null }
// LINES-DAG: @[[TOTAL_SITE:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 15, i32 11, %interlock.site* null }
// LINES-LABEL: define {{.*}} @counted_loop(
// LINES: call void @__interlock_read4(i8* bitcast (i32* @counter to i8*), %interlock.site* @[[COUNTER_SITE]])
// LINES: call void @__interlock_write4(i8* bitcast (i32* @counter to i8*), %interlock.site* @[[COUNTER_SITE]])
// LINES-LABEL: define {{.*}} @promoted_loop(
// LINES: call void @__interlock_read4(i8* bitcast (i32* @total to i8*), %interlock.site* @[[TOTAL_SITE]])
// LINES: call void @__interlock_write4(i8* bitcast (i32* @total to i8*), %interlock.site* @[[TOTAL_SITE]])

// No descriptor anywhere in the module may say line 0.
// NOZERO-NOT: = private constant %interlock.site { {{.*}}, i32 0, i32 {{[0-9]+}}, %interlock.site*
