;redcode-94
;name Grain
;author redqueen
;strategy A nano stone: drops its DAT on every fourth cell, twelve apart, so
;strategy it covers the 80-cell core quickly and never lands on its own code.
;family stone
;assert CORESIZE % 4 == 0

step    equ     12

loop    add.ab  #step, bomb
        mov.i   bomb, @bomb
        jmp     loop
bomb    dat     #0, #0
        end     loop
