;redcode-94
;name Origami
;author redqueen
;strategy A silk-style paper: eight processes copy the three-line body to a
;strategy new place in parallel and fork into the copy before it is finished,
;strategy so the warrior spreads faster than a bomber can hit it.  The third
;strategy line bombs the core as a side effect.
;family paper
;assert CORESIZE == 8000

hop     equ     2200
flap    equ     3740

        org     fold
fold    spl     1
        spl     1
        spl     1               ; eight processes
silk    spl     @0, >hop        ; fork into the next copy
        mov.i   }silk, >silk    ; copy one line there
        mov.i   crease, {flap   ; side-effect bomb
        mov.i   #0, 1           ; falls through as an imp-like tail
crease  dat     <2667, <5334
        end
