;redcode-94
;name Trinity
;author redqueen
;strategy A P-space switcher over three strategies, stone, paper and
;strategy scanner, moving to the next one after every round it lost: the
;strategy classic cycle means that what beats one of them loses to the next.
;family pspace
;assert CORESIZE == 8000

state   equ     3
step    equ     2316

        org     think
think   ldp.ab  #0, last
        ldp.ab  #state, mode
        jmn.b   keep, last
        add.ab  #1, mode
keep    mod.ab  #3, mode
        stp.b   mode, #state
        jmz.b   stone, mode
        djn.b   scan, mode      ; mode 2: scanner, mode 1 falls to the paper
paper   spl     1
        spl     1
        spl     1
silk    spl     @0, >2372
        mov.i   }silk, >silk
        mov.i   shell, {1566
shell   dat     <2667, <5334
stone   mov.i   rock, @aim
        sub.ab  #2365, aim
        jmp     stone
aim     dat     #0, #-2365
rock    dat     #0, #0
scan    add.ab  #step, spot
        jmz.f   scan, @spot
        mov.i   stun, @spot
        mov.i   rock, <spot
        djn.b   scan, #800
        jmp     stone           ; scan over: bomb instead
spot    dat     #0, #0
stun    spl     #0, 0
last    dat     #0, #0
mode    dat     #0, #0
        end
