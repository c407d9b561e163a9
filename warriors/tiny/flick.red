;redcode-94
;name Flick
;author redqueen
;strategy A mod-5 stone for the tiny hill, bombing backwards through all 160
;strategy cells of its residue; its cells lie within four of the pointer.
;family stone
;assert CORESIZE == 800

step    equ     265             ; 5 * 53, and 53 is prime to 160

        org     bomb
bomb    mov.i   shell, @target
        sub.ab  #step, target
        jmp     bomb
target  dat     #0, #-step
shell   dat     #0, #0
        end
