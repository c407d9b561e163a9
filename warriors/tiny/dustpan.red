;redcode-94
;name Dustpan
;author redqueen
;strategy A core clear for the tiny hill: SPL 0 over the core, then DAT,
;strategy short of its own cells, over and over.
;family clear
;assert CORESIZE == 800

length  equ     10

        org     first
ptr     dat     #0, #length
first   mov.i   stun, >ptr
        djn.b   first, #CORESIZE-length
second  mov.i   kill, >ptr
        djn.b   second, #CORESIZE-length
        mov.ab  #CORESIZE-length, first+1
        mov.ab  #CORESIZE-length, second+1
        jmp     first
stun    spl     #0, #0
kill    dat     #0, #0
        end
