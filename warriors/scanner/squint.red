;redcode-94
;name Squint
;author redqueen
;strategy A naive B-scanner: looks at every eighth cell with JMZ.F and drops
;strategy one DAT on whatever it finds, then looks on.  It never clears the
;strategy core and sees only an eighth of it: the weakest scanner here.
;family scanner
;assert CORESIZE == 8000

step    equ     3016            ; 8 * 377: its other cells are never looked at

        org     loop
loop    add.ab  #step, ptr
        jmz.f   loop, @ptr
        mov.i   kill, @ptr
        jmp     loop
ptr     dat     #0, #0
kill    dat     #0, #0
        end
