;redcode-94
;name Fleck
;author redqueen
;strategy A nano core clear: writes a DAT over every cell but its own five,
;strategy counting the cells down with DJN, then waits in a one-cell loop.
;family clear
;assert CORESIZE == 80

ptr     dat     #0, #5
loop    mov.i   bomb, >ptr
        djn.b   loop, #75
        jmp     0
bomb    dat     #0, #0
        end     loop
