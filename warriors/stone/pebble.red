;redcode-94
;name Pebble
;author redqueen
;strategy A stone that throws two bombs per loop, one through each field of
;strategy its pointer.  The step is a multiple of eight, so no bomb lands on
;strategy its other cells, all within seven of the pointer; the bombs carry
;strategy the stride, which the ADD reads back from the last one thrown.
;family stone
;assert CORESIZE == 8000

step    equ     3368

        org     throw
throw   add.f   rock, aim
        mov.i   rock, *aim
        mov.i   rock, @aim
        jmp     throw
aim     dat     #step, #2*step
rock    dat     #2*step, #2*step
        end
