// Site descriptors: {function, absolute file, line, column, inlined_at}, built from debug info.
int value;

// The store below, in `store_value`, at its line and column; not inlined.
// SITES-DAG: @[[STORE_SITE:__interlock_site[.0-9]*]] = private constant %interlock.site { i8* getelementptr inbounds ({{.*}}@[[STORE_FN:__interlock_str[.0-9]*]], i32 0, i32 0), i8* getelementptr inbounds ({{.*}}@[[FILE:__interlock_str[.0-9]*]], i32 0, i32 0), i32 [[@LINE+11]], i32 9, %interlock.site* null }
// SITES-DAG: @[[STORE_FN]] = private unnamed_addr constant [12 x i8] c"store_value\00"
// SITES-DAG: @[[FILE]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"/{{.*}}/inputs/sites.c\00"
// The function's own site: its definition line, column 0.
// SITES-DAG: @[[ENTRY_SITE:__interlock_site[.0-9]*]] = private constant %interlock.site { i8* getelementptr inbounds ({{.*}}@[[STORE_FN]], i32 0, i32 0), i8* getelementptr inbounds ({{.*}}@[[FILE]], i32 0, i32 0), i32 [[@LINE+6]], i32 0, %interlock.site* null }
// SITES: define {{.*}} @store_value(
// SITES: call i8* @__interlock_func_entry(%interlock.site* @[[ENTRY_SITE]])
// SITES: call void @__interlock_write4(i8* bitcast (i32* @value to i8*), %interlock.site* @[[STORE_SITE]])
// SITES: ret void
__attribute__((noinline))
void store_value(int v) {
  value = v;
}
