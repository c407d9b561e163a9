;redcode-94
;name Bat
;author redqueen
;strategy A vampire scanner: it looks with JMZ.F and plants a JMP fang on each
;strategy thing it finds, so the victim's processes fall into its SPL pit.
;strategy When the scan is done, an SPL pass and a DAT pass over the core,
;strategy short of its own cells, kill the rest, and a last DAT on the pit kills
;strategy the prisoners.
;family vampire
;assert CORESIZE == 8000

step    equ     3064            ; 800 looks never reach its own cells
length  equ     18

        org     look
gate    dat     #0, #length
look    add.f   reach, fang
        jmz.f   more, @fang
        mov.i   fang, @fang
more    djn.b   look, #800
first   mov.i   stun, >gate
        djn.b   first, #CORESIZE-length
        mov.ab  #length, gate
second  mov.i   kill, >gate
        djn.b   second, #CORESIZE-length
        mov.i   kill, pit       ; and the prisoners
rest    jmp     rest
fang    jmp     pit-fang, 0
reach   dat     #-step, #step
pit     spl     #0, 0
        jmp     pit
stun    spl     #0, 0
kill    dat     #0, #0
        end
