;redcode-94
;name Confetti
;author redqueen
;strategy A silk paper for the tiny hill: eight processes copy the body a
;strategy third of the core away and fork into it, bombing as they go.
;family paper
;assert CORESIZE == 800

        org     start
start   spl     1
        spl     1
        spl     1
silk    spl     @0, >273
        mov.i   }silk, >silk
        mov.i   shell, {519
shell   dat     <267, <534
        end
