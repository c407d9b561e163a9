;redcode-94
;name Firebrand
;author redqueen
;strategy An incendiary bomber: each throw drops SPL 0 with a MOV behind it
;strategy that copies the SPL forward, so a process that runs into the bomb
;strategy spreads SPL 0 over its own code and stalls.  After 900 throws a DAT
;strategy pass over the core, short of its own cells, kills the stalled
;strategy processes.  The step is a multiple of eight and its cells lie within
;strategy six of the pointer, so no bomb lands on them.
;family stone
;assert CORESIZE == 8000

step    equ     3016            ; 8 * 377
length  equ     13

        org     throw
throw   add.f   bump, aim
        mov.i   stun, @aim
        mov.i   burn, *aim
        djn.b   throw, #900
wipe    mov.i   kill, >gate
        djn.b   wipe, #CORESIZE-length
rest    jmp     rest
aim     dat     #1, #0          ; a: the cell after b
bump    dat     #step, #step
stun    spl     #0, 0
burn    mov.i   -1, >-1
kill    dat     #0, #0
gate    dat     #0, #1          ; the clear starts after the last cell
        end
