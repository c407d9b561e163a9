;redcode-94
;name Turncoat
;author redqueen
;strategy A P-space switcher between a B-scanner and a silk paper: it opens
;strategy with the scanner, keeps whichever strategy survived the last round
;strategy and changes after a loss.  The scanner turns into the paper after
;strategy 800 looks.
;family pspace
;assert CORESIZE == 8000

state   equ     4
step    equ     2316

        org     think
think   ldp.ab  #0, last
        ldp.ab  #state, mode
        jmn.b   keep, last
        add.ab  #1, mode
keep    mod.ab  #2, mode
        stp.b   mode, #state
        jmz.b   scan, mode
paper   spl     1
        spl     1
        spl     1
silk    spl     @0, >1488
        mov.i   }silk, >silk
        mov.i   shell, {3773
shell   dat     <2667, <5334
scan    add.ab  #step, spot
        jmz.f   scan, @spot
        mov.i   stun, @spot
        mov.i   kill, <spot
        djn.b   scan, #800
        jmp     paper           ; scan over: spread instead
spot    dat     #0, #0
stun    spl     #0, 0
kill    dat     #0, #0
last    dat     #0, #0
mode    dat     #0, #0
        end
