;redcode-94
;name Squeak
;author redqueen
;strategy A B-scanner for the tiny hill: looks with JMZ.F every 73 cells and
;strategy hits what it finds with SPL 0 and a DAT before it, then clears the
;strategy core with DAT, short of its own cells.
;family scanner
;assert CORESIZE == 800

step    equ     73              ; 200 looks never reach its own cells
length  equ     12

        org     seek
gate    dat     #0, #length
seek    add.ab  #step, spot
        jmz.f   more, @spot
        mov.i   dazer, @spot
        mov.i   killer, <spot
more    djn.b   seek, #200
wipe    mov.i   killer, >gate
        djn.b   wipe, #CORESIZE-length
rest    jmp     rest
spot    dat     #0, #0
dazer   spl     #0, #0
killer  dat     #0, #0
        end
