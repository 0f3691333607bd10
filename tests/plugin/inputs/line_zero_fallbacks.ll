; The order in which a location-less or line-0 access borrows a location (instrument/README.md):
; same address (other blocks included, matched by base and constant offset), then the code the
; value comes from or goes to, then the same block (later, then earlier), then the loop header,
; then the subprogram's line, keeping inlinedAt.
; Each function has one location-less access, whose descriptor its check names.

; CHECK-DAG: @[[SAME_ADDRESS:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 12, i32 5, %interlock.site* null }
; CHECK-DAG: @[[ELEMENT_ONE:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 22, i32 7, %interlock.site* null }
; CHECK-DAG: @[[LATER:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 31, i32 3, %interlock.site* null }
; CHECK-DAG: @[[EARLIER:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 40, i32 9, %interlock.site* null }
; CHECK-DAG: @[[HEADER:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 51, i32 4, %interlock.site* null }
; CHECK-DAG: @[[SUBPROGRAM:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 60, i32 0, %interlock.site* null }
; CHECK-DAG: @[[CALLER:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 72, i32 8, %interlock.site* null }
; CHECK-DAG: @[[INLINED:__interlock_site[.0-9]*]] = private constant %interlock.site { i8* getelementptr inbounds ({{.*}}@[[HELPER_NAME:__interlock_str[.0-9]*]], i32 0, i32 0), {{.*}}, i32 80, i32 0, %interlock.site* @[[CALLER]] }
; CHECK-DAG: @[[STORED_VALUE:__interlock_site[.0-9]*]] = private constant %interlock.site { {{.*}}, i32 92, i32 11, %interlock.site* null }
; CHECK-DAG: @[[HELPER_NAME]] = private unnamed_addr constant [7 x i8] c"helper\00"

; CHECK-LABEL: define void @same_address(
; CHECK: call void @__interlock_read4(i8* bitcast (i32* @shared to i8*), %interlock.site* @[[SAME_ADDRESS]])
; CHECK-LABEL: define void @same_offset(
; CHECK: call void @__interlock_read4(i8* {{.*}}, %interlock.site* @[[ELEMENT_ONE]])
; CHECK-LABEL: define void @later_in_block(
; CHECK: call void @__interlock_read4(i8* bitcast (i32* @other to i8*), %interlock.site* @[[LATER]])
; CHECK-LABEL: define void @earlier_in_block(
; CHECK: call void @__interlock_read4(i8* bitcast (i32* @other to i8*), %interlock.site* @[[EARLIER]])
; CHECK-LABEL: define void @loop_header(
; CHECK: call void @__interlock_read4(i8* bitcast (i32* @other to i8*), %interlock.site* @[[HEADER]])
; CHECK-LABEL: define void @subprogram_line(
; CHECK: call void @__interlock_read4(i8* bitcast (i32* @other to i8*), %interlock.site* @[[SUBPROGRAM]])
; CHECK-LABEL: define void @inlined_line_zero(
; CHECK: call void @__interlock_read4(i8* bitcast (i32* @other to i8*), %interlock.site* @[[INLINED]])
; CHECK-LABEL: define void @data_flow(
; CHECK: call void @__interlock_write4(i8* bitcast (i32* @other to i8*), %interlock.site* @[[STORED_VALUE]])

@shared = global i32 0
@other = global i32 0
@array = global [4 x i32] zeroinitializer

; The store in the next block (line 12) beats the branch that follows the load (line 10).
define void @same_address() !dbg !10 {
entry:
  %value = load i32, i32* @shared
  br label %next, !dbg !11
next:
  store i32 %value, i32* @shared, !dbg !12
  ret void, !dbg !11
}

; array[1] is read with no location; array[2] (line 21) is nearer but another address, array[1]
; through a different GEP (line 22) is the same one.
define void @same_offset() !dbg !20 {
entry:
  %first = getelementptr inbounds [4 x i32], [4 x i32]* @array, i64 0, i64 1
  %value = load i32, i32* %first
  %two = getelementptr inbounds [4 x i32], [4 x i32]* @array, i64 0, i64 2
  store i32 %value, i32* %two, !dbg !21
  br label %next, !dbg !21
next:
  %again = getelementptr inbounds [4 x i32], [4 x i32]* @array, i64 0, i64 1
  store i32 0, i32* %again, !dbg !22
  ret void, !dbg !21
}

; Debug intrinsics and line-0 instructions lend nothing: the add using the value (line 31) does.
define void @later_in_block(i32 %in) !dbg !30 {
entry:
  %value = load i32, i32* @other, !dbg !32
  call void @llvm.dbg.value(metadata i32 %in, metadata !33, metadata !DIExpression()), !dbg !34
  %sum = add i32 %value, %in, !dbg !31
  call void @sink(i32 %sum), !dbg !31
  ret void
}

define void @earlier_in_block(i32 %in) !dbg !40 {
entry:
  %twice = mul i32 %in, 2, !dbg !41
  %value = load i32, i32* @other
  %sum = add i32 %value, %twice
  ret void
}

; The preheader holds only the load and an unlocated branch, and the value only reaches an
; unlocated store: the loop header lends (line 51).
define void @loop_header(i32 %n) !dbg !50 {
entry:
  %value = load i32, i32* @other
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %next = add i32 %i, 1, !dbg !51
  %done = icmp sge i32 %next, %n, !dbg !51
  br i1 %done, label %exit, label %loop, !dbg !51
exit:
  store i32 %value, i32* @shared
  ret void
}

; Nothing lends: the function's own line (60).
define void @subprogram_line() !dbg !60 {
entry:
  %value = load i32, i32* @other
  ret void
}

; A line-0 location inside code inlined from `helper` (defined at line 80) keeps helper's
; scope and its inlinedAt (the call at 72:8).
; The caller's `ret` (line 73) is in the same block but another function: it lends nothing.
define void @inlined_line_zero() !dbg !70 {
entry:
  %value = load i32, i32* @other, !dbg !82
  ret void, !dbg !73
}

; A store sunk out of its loop, with no location: the loop's add that computed the stored
; value (92:11, through the LCSSA phi) lends, not the `ret` after it (93:1).
define void @data_flow(i32 %n) !dbg !90 {
entry:
  br label %loop, !dbg !91
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %next = add i32 %i, 1, !dbg !92
  %done = icmp sge i32 %next, %n, !dbg !91
  br i1 %done, label %exit, label %loop, !dbg !91
exit:
  %last = phi i32 [ %next, %loop ]
  store i32 %last, i32* @other
  ret void, !dbg !93
}

declare void @sink(i32)
declare void @llvm.dbg.value(metadata, metadata, metadata)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "hand-written", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "fallbacks.c", directory: "/src")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !DISubroutineType(types: !5)
!5 = !{null}
!6 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)

!10 = distinct !DISubprogram(name: "same_address", scope: !1, file: !1, line: 9, type: !4, scopeLine: 9, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!11 = !DILocation(line: 10, column: 3, scope: !10)
!12 = !DILocation(line: 12, column: 5, scope: !10)

!20 = distinct !DISubprogram(name: "same_offset", scope: !1, file: !1, line: 19, type: !4, scopeLine: 19, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!21 = !DILocation(line: 21, column: 7, scope: !20)
!22 = !DILocation(line: 22, column: 7, scope: !20)

!30 = distinct !DISubprogram(name: "later_in_block", scope: !1, file: !1, line: 29, type: !4, scopeLine: 29, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !35)
!31 = !DILocation(line: 31, column: 3, scope: !30)
!32 = !DILocation(line: 0, scope: !30)
!33 = !DILocalVariable(name: "in", arg: 1, scope: !30, file: !1, line: 29, type: !6)
!34 = !DILocation(line: 29, column: 10, scope: !30)
!35 = !{!33}

!40 = distinct !DISubprogram(name: "earlier_in_block", scope: !1, file: !1, line: 39, type: !4, scopeLine: 39, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!41 = !DILocation(line: 40, column: 9, scope: !40)

!50 = distinct !DISubprogram(name: "loop_header", scope: !1, file: !1, line: 49, type: !4, scopeLine: 49, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!51 = !DILocation(line: 51, column: 4, scope: !50)

!60 = distinct !DISubprogram(name: "subprogram_line", scope: !1, file: !1, line: 60, type: !4, scopeLine: 60, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)

!70 = distinct !DISubprogram(name: "inlined_line_zero", scope: !1, file: !1, line: 70, type: !4, scopeLine: 70, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!72 = !DILocation(line: 72, column: 8, scope: !70)
!80 = distinct !DISubprogram(name: "helper", scope: !1, file: !1, line: 80, type: !4, scopeLine: 80, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!73 = !DILocation(line: 73, column: 1, scope: !70)
!82 = !DILocation(line: 0, scope: !80, inlinedAt: !72)

!90 = distinct !DISubprogram(name: "data_flow", scope: !1, file: !1, line: 90, type: !4, scopeLine: 90, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!91 = !DILocation(line: 91, column: 3, scope: !90)
!92 = !DILocation(line: 92, column: 11, scope: !90)
!93 = !DILocation(line: 93, column: 1, scope: !90)
