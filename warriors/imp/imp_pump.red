;redcode-94
;name Pump
;author redqueen
;strategy An imp with a launcher: a loop sends a new process after the imp
;strategy every other cycle, 64 in all, and then follows it itself, so the imp
;strategy trails a train of processes and a bomb on the train kills only a few.
;strategy The train moves one cell per 65 of its cycles.
;family imp
;assert 1

        org     pump
pump    spl     imp
        djn.b   pump, #64
imp     mov.i   #0, 1
        end
