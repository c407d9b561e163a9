;redcode-94
;name Harpoon
;author redqueen
;strategy A one-shot with an SNE scan: at the first pair of cells that
;strategy differ it splits into eight processes that share one DAT clear,
;strategy starting a few cells before the find.  The clear stops short of its
;strategy own cells (eight cells of margin for the processes past the check)
;strategy and starts over from its end, forever.
;family oneshot
;assert CORESIZE == 8000

stride  equ     120
gap     equ     60
length  equ     17

        org     scan
gate    dat     #0, #length
scan    add.f   inc, probe
probe   sne.i   gate+stride, gate+stride+gap
        djn.b   scan, #62
        jmz.b   go, probe+1     ; nothing found: clear everything
        mov.ab  probe, gate
        add.ab  #probe-gate-4, gate
go      spl     1
        spl     1
        spl     1
wipe    mov.i   kill, >gate
        slt.ab  #CORESIZE-9, gate
        jmp     wipe
        mov.ab  #length, gate
        jmp     wipe
inc     dat     #stride, #stride
kill    dat     #0, #0
        end
