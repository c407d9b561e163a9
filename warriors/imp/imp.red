;redcode-94
;name Imp
;author redqueen
;strategy The smallest warrior: one MOV that copies itself one cell ahead,
;strategy forever.  Hard to kill, but it never kills anything either.
;family imp
;assert 1

imp     mov.i   #0, 1
        end     imp
