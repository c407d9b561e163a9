;redcode-94
;name Gnat
;author redqueen
;strategy A vampire for the tiny hill: JMP fangs every sixteenth cell lead
;strategy into an SPL pit; after 45 bites it writes DAT on the pit, killing
;strategy the prisoners, and bites on.
;family vampire
;assert CORESIZE == 800

step    equ     272             ; 16 * 17

        org     bite
bite    add.f   reach, fang
        mov.i   fang, @fang
        djn.b   bite, #45
        mov.i   kill, pit
        jmp     bite
fang    jmp     pit-fang-step, step
reach   dat     #-step, #step
pit     spl     #0, 0
        jmp     pit
kill    dat     #0, #0
        end
