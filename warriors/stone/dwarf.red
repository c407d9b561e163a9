;redcode-94
;name Dwarf
;author redqueen
;strategy A stone: drops a DAT bomb on every fourth cell, stepping through
;strategy the core so that it never bombs its own four instructions.
;family stone
;assert CORESIZE % 4 == 0

step    equ     4

        org     loop
loop    add.ab  #step, bomb
        mov.i   bomb, @bomb
        jmp     loop
bomb    dat     #0, #0
        end
