;redcode-94
;name Blizzard
;author redqueen
;strategy A d-clear: an SPL 0 feeds ever more processes into a loop that
;strategy writes DAT through a pointer and then decrements the next cell with
;strategy DJN.F through the same pointer, so the core is cleared two cells per
;strategy loop and anything DJN brings to zero stops the loop there.
;family clear
;assert 1

        org     clear
gate    dat     #0, #5
clear   spl     #0, 0
wipe    mov.i   kill, >gate
        djn.f   wipe, >gate
kill    dat     #0, #0
        end
