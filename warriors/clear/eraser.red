;redcode-94
;name Eraser
;author redqueen
;strategy The plainest core clear: one process writes DAT over the core cell
;strategy by cell, short of its own, and then waits.  Slow, and a split
;strategy warrior outruns it.
;family clear
;assert CORESIZE == 8000

length  equ     5

        org     wipe
gate    dat     #0, #length
wipe    mov.i   kill, >gate
        djn.b   wipe, #CORESIZE-length
rest    jmp     rest
kill    dat     #0, #0
        end
