;redcode-94
;name Sniper
;author redqueen
;strategy A one-shot: a JMZ.F scan that stops at the first thing it sees and
;strategy turns into a clear from a few cells before it: SPL 0 over the rest of
;strategy the core, then DAT, short of its own cells, again and again.
;family oneshot
;assert CORESIZE == 8000

step    equ     2468
length  equ     16

        org     look
ptr     dat     #0, #0
look    add.ab  #step, ptr
        jmz.f   look, @ptr
        sub.ab  #4, ptr
        mov.ab  #0, cnt         ; cells from there to the end of the core
        sub.b   ptr, cnt
wipe    mov.i   @kind, >ptr
        djn.b   wipe, cnt
        mov.ab  #length, ptr
        mov.ab  #CORESIZE-length, cnt
        mov.ab  #kill-kind, kind ; later passes lay DAT
        jmp     wipe
cnt     dat     #0, #0
kind    dat     #0, #stun-kind
stun    spl     #0, 0
kill    dat     #0, #0
        end
