;redcode-94
;name Paper Spiral
;author redqueen
;strategy Paper and imp: one process launches a three-point imp spiral, the
;strategy other becomes an eight-process silk paper.  Bombers that beat the
;strategy spiral are outrun by the paper, and the spiral ties when the paper dies.
;family hybrid
;parts paper imp
;assert CORESIZE == 8000

istep   equ     2667

        org     start
start   spl     paper
        spl     1
        spl     second
        nop     0, 0
        jmp     imp
second  spl     third
        jmp     imp+istep
third   jmp     imp+2*istep
paper   spl     1
        spl     1
        spl     1
silk    spl     @0, >2117
        mov.i   }silk, >silk
        mov.i   shell, {3411
shell   dat     #0, #0
imp     mov.i   #0, istep
        end
