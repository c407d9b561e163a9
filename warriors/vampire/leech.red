;redcode-94
;name Leech
;author redqueen
;strategy A vampire: instead of DAT bombs it drops JMP fangs that send any
;strategy process executing them into its pit, where they split uselessly
;strategy and starve their warrior; the fang's jump offset shrinks as its
;strategy distance grows so every fang points at the same pit.  The step is a
;strategy multiple of 16, so fangs miss its own cells.  After enough bites a
;strategy DAT clear, short of its own cells, finishes the prisoners, and the
;strategy vampire retires into its own pit.
;family vampire
;assert CORESIZE == 8000

step    equ     3056
bites   equ     500
length  equ     12

        org     bite
gate    dat     #0, #length
bite    add.f   reach, fang
        mov.i   fang, @fang
        djn.b   bite, #bites
drain   mov.i   blood, >gate
        djn.b   drain, #CORESIZE-length
        jmp     pit
fang    jmp     pit-fang-step, step
reach   dat     #-step, #step
pit     spl     #0, #0
        jmp     pit
blood   dat     #0, #0
        end
