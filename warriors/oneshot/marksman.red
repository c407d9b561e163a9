;redcode-94
;name Marksman
;author redqueen
;strategy A one-shot with a CMP scan: compares cells a stride apart in pairs
;strategy and at the first difference starts a multi-process clear there: an
;strategy SPL 0 feeds processes into a DAT writer that runs over the core and
;strategy a trailing decrement that hits the cells between, short of itself.
;family oneshot
;assert CORESIZE == 8000

stride  equ     110
gap     equ     55

        org     scan
scan    add.f   inc, probe
probe   seq.i   scan+stride, scan+stride+gap
        jmp     hit
        jmp     scan
hit     mov.ab  probe, ptr      ; the clear starts at the pair
        add.ab  #probe-ptr-2, ptr
clear   spl     #0, 0
wipe    mov.i   kill, >ptr
        djn.f   wipe, >ptr
inc     dat     #stride, #stride
ptr     dat     #0, #0
kill    dat     #0, #0
        end
