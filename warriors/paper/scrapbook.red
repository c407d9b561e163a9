;redcode-94
;name Scrapbook
;author redqueen
;strategy A minimal silk paper with only four processes and no bombs: it
;strategy survives by numbers but rarely kills anything.
;family paper
;assert CORESIZE == 8000

        org     start
start   spl     1
        spl     1
silk    spl     @0, >2400
        mov.i   }silk, >silk
        jmp     silk
        end
