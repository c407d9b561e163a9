;redcode-94
;name Mule
;author redqueen
;strategy A stubborn P-space switcher: it plays a mod-5 stone and counts its
;strategy losses in a row in P-space; only after two losses in a row does it
;strategy play an imp spiral instead, for one round, then goes back to the stone.
;family pspace
;assert CORESIZE == 8000

state   equ     2
istep   equ     2667

        org     think
think   ldp.ab  #0, last
        ldp.ab  #state, lost
        jmz.b   worse, last
        mov.ab  #-1, lost       ; survived: the add below makes the count 0
worse   add.ab  #1, lost
        slt.ab  #1, lost        ; a second loss in a row skips to the spiral
        jmp     store
        mov.ab  #0, lost
        stp.b   lost, #state
        jmp     spiral
store   stp.b   lost, #state
stone   mov.i   rock, @aim
        sub.ab  #2365, aim
        jmp     stone
aim     dat     #0, #-2365
rock    dat     #0, #0
spiral  spl     1
        spl     second
        nop     0, 0
        jmp     imp
second  spl     third
        jmp     imp+istep
third   jmp     imp+2*istep
imp     mov.i   #0, istep
last    dat     #0, #0
lost    dat     #0, #0
        end
