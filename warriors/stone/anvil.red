;redcode-94
;name Anvil
;author redqueen
;strategy A mod-4 stone with an imp gate: a second process keeps decrementing
;strategy the cell in front of the stone, so an imp that crawls in turns into
;strategy MOV 0, 0 and stops, where a plain dwarf would be run over.
;family stone
;assert CORESIZE % 4 == 0

        org     start
guard   dat     #0, #0
start   spl     gate
loop    add.ab  #4, bomb
        mov.i   bomb, @bomb
        jmp     loop
bomb    dat     #0, #0
gate    jmp     0, <guard
        end
