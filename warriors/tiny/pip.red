;redcode-94
;name Pip
;author redqueen
;strategy A dwarf for the tiny hill: a DAT on every fourth cell of the 800,
;strategy never on its own four.
;family stone
;assert CORESIZE % 4 == 0

        org     loop
loop    add.ab  #4, bomb
        mov.i   bomb, @bomb
        jmp     loop
bomb    dat     #0, #0
        end
