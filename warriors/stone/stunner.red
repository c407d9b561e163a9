;redcode-94
;name Stunner
;author redqueen
;strategy Drops SPL 0 bombs every eighth cell: a hit process keeps splitting
;strategy in place and starves the rest of its warrior.  Then one DAT pass over
;strategy the whole core, short of its own cells, kills the stunned processes.
;family stone
;assert CORESIZE == 8000

step    equ     3048
bombs   equ     1000
length  equ     10

        org     stun
gate    dat     #0, #length
stun    add.ab  #step, where
        mov.i   daze, @where
        djn.b   stun, #bombs
wipe    mov.i   kill, >gate
        djn.b   wipe, #CORESIZE-length
rest    jmp     rest
where   dat     #0, #0
daze    spl     #0, #0
kill    dat     #0, #0
        end
