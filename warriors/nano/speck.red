;redcode-94
;name Speck
;author redqueen
;strategy The imp for the 80-cell nano hill: one instruction that copies itself
;strategy one cell ahead and steps onto the copy, forever.
;family imp
;assert CORESIZE == 80

        mov.i   $0, $1
        end
