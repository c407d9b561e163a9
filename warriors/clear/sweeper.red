;redcode-94
;name Sweeper
;author redqueen
;strategy A two-pass core clear: first lays SPL 0 over the whole core (so
;strategy enemy processes waste their turns splitting), then a DAT pass kills
;strategy them, and starts over.  The counts stop each pass short of its own
;strategy cells.
;family clear
;assert CORESIZE == 8000

length  equ     12
cells   equ     CORESIZE-length

        org     first
ptr     dat     #0, #length
first   mov.i   stunner, >ptr
        djn.b   first, #cells
        mov.ab  #length, ptr
        mov.ab  #cells, first+1
second  mov.i   killer, >ptr
        djn.b   second, #cells
        mov.ab  #length, ptr
        mov.ab  #cells, second+1
        jmp     first
stunner spl     #0, #0
killer  dat     #0, #0
        end
