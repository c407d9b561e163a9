;redcode-94
;name Broom
;author redqueen
;strategy Eight processes share one DAT clear, so it sweeps the core eight
;strategy times faster than a lone clear, then they park.  Each process checks
;strategy the pointer after its write; the eight-cell margin covers those
;strategy that wrote before the check stopped them.
;family clear
;assert CORESIZE == 8000

length  equ     9

        org     start
gate    dat     #0, #length
start   spl     1
        spl     1
        spl     1               ; eight sweepers
wipe    mov.i   kill, >gate
        slt.ab  #CORESIZE-9, gate
        jmp     wipe
rest    jmp     rest
kill    dat     #0, #0
        end
