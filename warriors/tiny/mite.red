;redcode-94
;name Mite
;author redqueen
;strategy A three-point imp ring for the 800-cell tiny hill, one process per
;strategy point, each point written just before its process runs.
;family imp
;assert CORESIZE == 800

step    equ     267             ; 3 * 267 = 801

        org     launch
launch  spl     second
        nop     0, 0
        jmp     imp
second  spl     third
        jmp     imp+step
third   jmp     imp+2*step
imp     mov.i   #0, step
        end
