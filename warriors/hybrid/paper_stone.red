;redcode-94
;name Paper Stone
;author redqueen
;strategy Paper and stone: a silk paper spreads while a mod-5 stone at the
;strategy end of the code bombs backwards, so a scanner that catches the
;strategy stone still has the paper's copies to find.
;family hybrid
;parts paper stone
;assert CORESIZE == 8000

step    equ     2365            ; 5 * 473

        org     start
start   spl     stone
        spl     1
        spl     1
        spl     1
silk    spl     @0, >1913
        mov.i   }silk, >silk
        mov.i   shell, {2817
shell   dat     <2667, <5334
stone   mov.i   rock, @aim
        sub.ab  #step, aim
        jmp     stone
aim     dat     #0, #-step
rock    dat     #0, #0
        end
