;redcode-94
;name Ring
;author redqueen
;strategy A three-point imp ring, one process per point: each imp writes the
;strategy next point just before that point's process runs.  A single bomb
;strategy on the ring breaks it, so it is the weakest ring there is.
;family imp
;assert CORESIZE == 8000

step    equ     2667            ; 3 * 2667 = 8001: the ring closes one cell ahead

        org     launch
launch  spl     second
        nop     0, 0            ; delay so that the points start in ring order
        jmp     imp
second  spl     third
        jmp     imp+step
third   jmp     imp+2*step
imp     mov.i   #0, step
        end
