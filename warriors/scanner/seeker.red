;redcode-94
;name Seeker
;author redqueen
;strategy A B-scanner: steps through the core looking for a cell whose
;strategy fields are not both zero (empty core is DAT 0, 0), then hits it with
;strategy an SPL bomb and a DAT just before it.  One lap of the core later it
;strategy switches to a DAT clear that stops short of its own cells.
;family scanner
;assert CORESIZE == 8000

step    equ     81
laps    equ     95
length  equ     12

        org     seek
gate    dat     #0, #length
seek    add.ab  #step, spot
        jmz.f   more, @spot
        mov.i   dazer, @spot    ; found something: stun it
        mov.i   killer, <spot   ; and bomb the cell before it
more    djn.b   seek, #laps
wipe    mov.i   killer, >gate
        djn.b   wipe, #CORESIZE-length
rest    jmp     rest
spot    dat     #0, #step
dazer   spl     #0, #0
killer  dat     #0, #0
        end
