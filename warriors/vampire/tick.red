;redcode-94
;name Tick
;author redqueen
;strategy A vampire that never clears: it bites with JMP fangs into an SPL
;strategy pit, and after 600 bites it writes DAT over the pit, killing every
;strategy captured process at once, then keeps biting with fangs that now
;strategy lead to death.  The step is a multiple of eight so fangs miss its
;strategy own cells.
;family vampire
;assert CORESIZE == 8000

step    equ     2936

        org     bite
bite    add.f   reach, fang
        mov.i   fang, @fang
        djn.b   bite, #600
        mov.i   kill, pit       ; drain the pit
        jmp     bite
fang    jmp     pit-fang-step, step
reach   dat     #-step, #step
pit     spl     #0, 0
        jmp     pit
kill    dat     #0, #0
        end
