;redcode-94
;name Quintet
;author redqueen
;strategy A mod-5 bomber: DAT bombs every fifth cell, walking backwards
;strategy through the core.  Its cells sit within four of the pointer, so the
;strategy only one it ever hits is the pointer itself, which just restarts the
;strategy pattern.
;family stone
;assert CORESIZE == 8000

step    equ     2365            ; 5 * 473, and 473 is prime to 1600

        org     bomb
bomb    mov.i   shell, @target
        sub.ab  #step, target
        jmp     bomb
target  dat     #0, #-step
shell   dat     #0, #0
        end
