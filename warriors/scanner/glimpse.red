;redcode-94
;name Glimpse
;author redqueen
;strategy A quickscanner: twelve unrolled SEQ checks against an empty cell
;strategy look at spots spread over the core in the first two dozen cycles.
;strategy The last spot that was not empty becomes the start of an SPL then
;strategy DAT clear; if all were empty it just clears the whole core.
;family scanner
;assert CORESIZE == 8000

spread  equ     613
length  equ     40

        org     look
ptr     dat     #0, #0
look    seq.i   empty, ptr+1*spread
        mov.ab  #1*spread, ptr
        seq.i   empty, ptr+2*spread
        mov.ab  #2*spread, ptr
        seq.i   empty, ptr+3*spread
        mov.ab  #3*spread, ptr
        seq.i   empty, ptr+4*spread
        mov.ab  #4*spread, ptr
        seq.i   empty, ptr+5*spread
        mov.ab  #5*spread, ptr
        seq.i   empty, ptr+6*spread
        mov.ab  #6*spread, ptr
        seq.i   empty, ptr+7*spread
        mov.ab  #7*spread, ptr
        seq.i   empty, ptr+8*spread
        mov.ab  #8*spread, ptr
        seq.i   empty, ptr+9*spread
        mov.ab  #9*spread, ptr
        seq.i   empty, ptr+10*spread
        mov.ab  #10*spread, ptr
        seq.i   empty, ptr+11*spread
        mov.ab  #11*spread, ptr
        seq.i   empty, ptr+12*spread
        mov.ab  #12*spread, ptr
        jmz.b   full, ptr
        sub.ab  #4, ptr         ; start a little before the find
        mov.ab  #0, cnt         ; cells from there to the end of the core
        sub.b   ptr, cnt
wipe    mov.i   @kind, >ptr
        djn.b   wipe, cnt
full    mov.ab  #length, ptr
        mov.ab  #CORESIZE-length, cnt
        mov.ab  #kill-kind, kind ; later passes lay DAT
        jmp     wipe
cnt     dat     #0, #0
kind    dat     #0, #stun-kind
stun    spl     #0, 0
kill    dat     #0, #0
empty   dat     #0, #0
        end
