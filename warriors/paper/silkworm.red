;redcode-94
;name Silkworm
;author redqueen
;strategy A two-stage silk paper: eight processes copy the body to one
;strategy place and fork into it, then copy it again to a second place, so
;strategy each generation leaves two copies.  The last line bombs as it goes.
;family paper
;assert CORESIZE == 8000

        org     start
start   spl     1
        spl     1
        spl     1
first   spl     @0, >1784
        mov.i   }first, >first
second  spl     @0, >4373
        mov.i   }second, >second
        mov.i   shell, {2930
shell   dat     <2667, <5334
        end
