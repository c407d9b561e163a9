;redcode-94
;name Chameleon
;author redqueen
;strategy A P-space switcher between a silk paper and a mod-4 stone: it keeps
;strategy the strategy it played while it survives and changes to the other
;strategy after a round it lost.  The last result is in P-space cell 0, the
;strategy strategy in use in cell 1.
;family pspace
;assert CORESIZE == 8000

state   equ     1

        org     think
think   ldp.ab  #0, last
        ldp.ab  #state, mode
        jmn.b   keep, last      ; survived last round: keep the strategy
        add.ab  #1, mode
keep    mod.ab  #2, mode
        stp.b   mode, #state
        jmn.b   stone, mode
paper   spl     1
        spl     1
        spl     1
silk    spl     @0, >1784
        mov.i   }silk, >silk
        mov.i   shell, {2930
shell   dat     <2667, <5334
stone   add.ab  #3044, bomb
        mov.i   bomb, @bomb
        jmp     stone
bomb    dat     #0, #0
last    dat     #0, #0
mode    dat     #0, #0
        end
