;redcode-94
;name Heptagon
;author redqueen
;strategy A seven-point imp spiral, two processes per point.  Sixteen
;strategy processes in lockstep jump through a table of JMPs, one to each
;strategy point and then each point again, so the points start in ring order;
;strategy the two spare processes die on the table's end.
;family imp
;assert CORESIZE == 8000

step    equ     1143            ; 7 * 1143 = 8001

        org     launch
launch  spl     1
        spl     1
        spl     1
        spl     1               ; sixteen processes
        jmp     }vector
vector  dat     table-vector, 0
table   jmp     imp
        jmp     imp+step
        jmp     imp+2*step
        jmp     imp+3*step
        jmp     imp+4*step
        jmp     imp+5*step
        jmp     imp+6*step
        jmp     imp
        jmp     imp+step
        jmp     imp+2*step
        jmp     imp+3*step
        jmp     imp+4*step
        jmp     imp+5*step
        jmp     imp+6*step
        dat     0, 0
        dat     0, 0
imp     mov.i   #0, step
        end
