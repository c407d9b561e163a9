;redcode-94
;name Triple Spiral
;author redqueen
;strategy Three imps a third of the core apart, two processes each: the
;strategy ring moves one cell per round of its six processes and a single
;strategy DAT bomb kills only one of the two processes on a point.
;family imp
;assert CORESIZE == 8000

step    equ     2667            ; 3 * 2667 = 8001: the third copy lands next to the first

        org     launch
launch  spl     1               ; two launchers in lockstep: two processes per point
        spl     second
        nop     0, 0            ; hold the first imp back until the other two are queued
        jmp     imp
second  spl     third
        jmp     imp+step
third   jmp     imp+2*step
imp     mov.i   #0, step
        end
