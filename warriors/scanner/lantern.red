;redcode-94
;name Lantern
;author redqueen
;strategy An SNE scanner with SPL carpets: compares two cells half a stride
;strategy apart and, where they differ, lays SPL 0 on the first and on four
;strategy cells from the second, so a paper's copies stall where they land.
;strategy After the scan an SPL pass and a DAT pass clear the core, short of
;strategy its own cells.
;family scanner
;assert CORESIZE == 8000

stride  equ     98
gap     equ     49
length  equ     20

        org     scan
gate    dat     #0, #length
scan    add.f   inc, probe
probe   sne.i   scan+stride, scan+stride+gap
        djn.b   scan, #80
        jmz.b   first, probe+1  ; scan over: clear
        mov.i   stun, *probe
        mov.i   stun, >probe
        mov.i   stun, >probe
        mov.i   stun, >probe
        mov.i   stun, >probe
        jmn.b   scan, probe+1
first   mov.i   stun, >gate
        djn.b   first, #CORESIZE-length
        mov.ab  #length, gate
second  mov.i   kill, >gate
        djn.b   second, #CORESIZE-length
rest    jmp     rest
inc     dat     #stride, #stride
stun    spl     #0, 0
kill    dat     #0, #0
        end
