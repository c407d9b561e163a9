;redcode-94
;name Lookout
;author redqueen
;strategy Scanner and imp: a B-scanner with SPL and DAT bombs, then a clear,
;strategy runs beside a three-point imp spiral, so the warrior still ties
;strategy when the scanner is caught.  The clear stops short of its own code
;strategy but may cut the spiral.
;family hybrid
;parts scanner imp
;assert CORESIZE == 8000

step    equ     2316
laps    equ     800
length  equ     21
istep   equ     2667

        org     start
gate    dat     #0, #length
start   spl     seek
        spl     1
        spl     second
        nop     0, 0
        jmp     imp
second  spl     third
        jmp     imp+istep
third   jmp     imp+2*istep
seek    add.ab  #step, spot
        jmz.f   more, @spot
        mov.i   dazer, @spot
        mov.i   killer, <spot
more    djn.b   seek, #laps
wipe    mov.i   killer, >gate
        djn.b   wipe, #CORESIZE-length
rest    jmp     rest
spot    dat     #0, #0
dazer   spl     #0, #0
killer  dat     #0, #0
imp     mov.i   #0, istep
        end
