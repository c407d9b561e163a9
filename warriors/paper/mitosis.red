;redcode-94
;name Mitosis
;author redqueen
;strategy A loop paper: copies its ten cells with one MOV that advances both
;strategy fields of a pointer, starts a process in the finished copy, moves
;strategy its target on and copies again.  Every copy does the same, so the
;strategy copies multiply; slower than a silk paper but each copy is whole.
;family paper
;assert CORESIZE == 8000

size    equ     10
hop     equ     2234
gap     equ     1877

        org     start
ptr     dat     #0, #0          ; a: next cell read, b: next cell written
start   mov.i   reset, ptr
        mov.ab  #size, count
copy    mov.i   }ptr, >ptr
count   djn.b   copy, #size
        sub.ab  #size-1, ptr    ; back to the copy's START
        spl     @ptr
        add.ab  #gap, reset
        jmp     start
reset   dat     #0, #hop
        end
