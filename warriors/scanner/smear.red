;redcode-94
;name Smear
;author redqueen
;strategy A blur-style scanner: each step it drops an SPL 0 on the cell it
;strategy looked at last and looks half a core ahead with JMZ.F.  When it
;strategy sees something it turns into a DAT clear from that cell to the end
;strategy of the core, then clears the whole core, short of itself, forever.
;strategy Step and scan count keep both pointers off its own cells.
;family scanner
;assert CORESIZE == 8000

step    equ     2468
lead    equ     4000            ; how far the look runs ahead of the bombs
length  equ     17

        org     loop
ptr     dat     #lead, #0       ; a: where it looks, b: where it bombs
loop    add.f   inc, ptr
        mov.i   stun, @ptr
        jmn.f   found, *ptr
        djn.b   loop, #800
        jmp     full
found   mov.ab  #0, cnt         ; cells from the find to the end of the core
        sub.ab  ptr, cnt
wipe    mov.i   kill, }ptr
        djn.b   wipe, cnt
full    mov.a   #length, ptr
        mov.ab  #CORESIZE-length, cnt
        jmp     wipe
cnt     dat     #0, #0
inc     dat     #step, #step
stun    spl     #0, 0
kill    dat     #0, #0
        end
