;redcode-94
;name Papier
;author redqueen
;strategy A silk paper that bombs: after each copy step two MOVs throw
;strategy anti-imp DAT bombs, one forwards and one backwards, and dies on the
;strategy bomb itself: the copies carry on and clear the core while they spread.
;family paper
;assert CORESIZE == 8000

        org     start
start   spl     1
        spl     1
        spl     1
silk    spl     @0, >3620
        mov.i   }silk, >silk
        mov.i   shell, >1111
        mov.i   shell, {5555
shell   dat     <2667, <5334
        end
