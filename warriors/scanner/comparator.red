;redcode-94
;name Comparator
;author redqueen
;strategy A CMP scanner: compares two cells half a stride apart, and when
;strategy they differ (something was written there) bombs both.  When the
;strategy scan has covered the core it clears the rest with DAT bombs, stopping
;strategy short of its own cells, and then sits still.
;family scanner
;assert CORESIZE == 8000

stride  equ     98
gap     equ     49
scans   equ     81

        org     look
look    add.f   step, probe
probe   sne.i   look+stride, look+stride+gap
        djn.b   look, #scans
        jmz.b   clear, probe+1  ; count exhausted: clear
        mov.i   hit, *probe
        mov.i   hit, @probe
        jmn.b   look, probe+1
clear   mov.i   hit, >probe
        djn.b   clear, #CORESIZE-100
rest    jmp     rest
step    dat     #stride, #stride
hit     dat     #0, #0
        end
