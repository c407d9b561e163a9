;redcode-94
;name Gatekeeper
;author redqueen
;strategy A core clear with an imp gate: one process keeps decrementing the
;strategy cell in front of the warrior, which turns an arriving imp into
;strategy MOV 0, 0 so it stops there, while the other lays SPL 0 over the
;strategy core and then DAT, short of its own cells, again and again.
;family clear
;assert CORESIZE == 8000

length  equ     15

        org     start
guard   dat     #0, #0          ; the gate: imps crawl in here
ptr     dat     #0, #length-1
start   spl     gate
first   mov.i   stun, >ptr
        djn.b   first, #CORESIZE-length
        mov.ab  #length-1, ptr
second  mov.i   kill, >ptr
        djn.b   second, #CORESIZE-length
        mov.ab  #length-1, ptr
        mov.ab  #CORESIZE-length, first+1
        mov.ab  #CORESIZE-length, second+1
        jmp     first
gate    jmp     0, <guard
stun    spl     #0, 0
kill    dat     #0, #0
        end
