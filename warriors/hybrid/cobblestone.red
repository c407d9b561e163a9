;redcode-94
;name Cobblestone
;author redqueen
;strategy Stone and imp: a three-point imp spiral with two processes per
;strategy point crawls over the core while a DAT stone bombs every sixteenth
;strategy cell.  The stone's cells lie within fifteen of its pointer, so it
;strategy never bombs itself; the spiral survives when the stone is killed.
;family hybrid
;parts stone imp
;assert CORESIZE == 8000

step    equ     3024            ; 16 * 189
istep   equ     2667

        org     start
start   spl     stone
        spl     1               ; two launchers in lockstep
        spl     second
        nop     0, 0            ; so that the points start in ring order
        jmp     imp
second  spl     third
        jmp     imp+istep
third   jmp     imp+2*istep
stone   add.ab  #step, bomb
        mov.i   bomb, @bomb
        jmp     stone
bomb    dat     #0, #0
imp     mov.i   #0, istep
        end
