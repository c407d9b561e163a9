# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The MARS core: whole battles in compiled code, with pMARS 0.9.2's semantics.

Cell encoding (the one description; mars/instruction.py defines the numbers):

    op     uint8   opcode << 3 | modifier, pMARS's ``OP(opcode, modifier)``
    amode  uint8   addressing mode 0..7, in ``#$@<>*{}`` order
    bmode  uint8   likewise for the B operand
    a, b   uint16  field values, always normalised to 0 <= v < coresize

so a core holds at most 65,536 cells.

Each warrior's process queue is a ring of 65,536 addresses indexed by 16-bit
counters, `head` to `tail`, that wrap by themselves; so a warrior can have at
most 65,536 processes.

Comments citing ``sim.c``/``pos.c`` name the pMARS 0.9.2 code whose behaviour a
line reproduces: pMARS is the reference wherever it and the ICWS'94 draft differ.
Python is entered once per battle; the GIL is released for the whole battle.
"""

from libc.stdint cimport int8_t, int32_t, int64_t, uint16_t, uint64_t, uint8_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcpy, memset

import numpy as np

cimport numpy as cnp

cnp.import_array()


cdef struct Cell:
    uint8_t op
    uint8_t amode
    uint8_t bmode
    uint8_t pad
    uint16_t a
    uint16_t b


cdef enum:
    MOV = 0
    ADD = 1
    SUB = 2
    MUL = 3
    DIV = 4
    MODULO = 5
    JMZ = 6
    JMN = 7
    DJN = 8
    CMP = 9
    SLT = 10
    SPL = 11
    DAT = 12
    JMP = 13
    SEQ = 14
    SNE = 15
    NOP = 16
    LDP = 17
    STP = 18

cdef enum:
    M_A = 0
    M_B = 1
    M_AB = 2
    M_BA = 3
    M_F = 4
    M_X = 5
    M_I = 6

cdef enum:
    RING = 65536               # entries in a process ring: what a uint16_t counter wraps at

cdef enum:
    DIED = -1                  # next_pc of a process that ends

cdef enum:
    MOV_I = 6                  # MOV << 3 | .I, the most executed form

cdef enum:
    IMMEDIATE = 0
    DIRECT = 1
    B_INDIRECT = 2
    B_PREDEC = 3
    B_POSTINC = 4
    A_INDIRECT = 5
    A_PREDEC = 6
    A_POSTINC = 7

cdef struct Runner:
    # One warrior's state during a round; the hot loop follows ``next``
    # around the living warriors (sim.c's nextWarrior ring).
    uint16_t* queue            # its ring of RING process addresses
    uint16_t head              # its next process
    uint16_t tail              # where its next process is queued
    int tasks
    int64_t executed
    uint8_t* visited           # coresize bytes: 1 where it executed
    uint8_t* written           # coresize bytes: 1 where it wrote
    Runner* next
    Runner* prev
    int index
    int64_t spawned
    int peak


cdef struct Battle:
    # settings
    int coresize
    int64_t cycles
    int processes
    int mindistance
    int pspacesize
    int nwarriors
    int run_to_end
    int may_settle             # no STP anywhere, so an early end changes nothing later
    int pmars_done             # the round went on past where pMARS ends it (run_to_end)
    int64_t seed
    # warriors' code, concatenated
    Cell* code
    int* code_offset
    int* code_length
    int* start
    int* pspace_slot
    # state
    Cell* core
    Cell* blank                # coresize cells of DAT.F $0, $0
    uint16_t* queue            # nwarriors rings of RING entries
    Runner* runner
    uint16_t* pspace           # slots x pspacesize
    int* last_result           # pMARS keeps the last result per warrior, not per slot
    uint8_t* visited           # nwarriors x coresize: 1 where the warrior executed
    uint8_t* written           # nwarriors x coresize: 1 where the warrior wrote
    int* position
    # results: rounds x nwarriors unless noted
    int64_t* scores            # nwarriors x (2 * nwarriors - 1), pMARS's score[]
    int32_t* out_position
    int64_t* out_executed
    int64_t* out_death_cycle
    int8_t* out_survived
    int64_t* out_spawned
    int32_t* out_peak
    int32_t* out_coverage
    int32_t* out_written
    int32_t* out_starter           # per round
    int32_t* out_left              # per round: warriors alive when pMARS ends the round


cdef struct Round:
    # A round's state that the hot loop does not need every step; kept out
    # of its locals so that gcc keeps the ones it does need in registers.
    int rnd
    int alive
    Runner* first              # the warrior that moved first since `mark`
    int64_t mark               # the cycle count then
    int64_t check              # below this cycle count the loop looks at whether the round is over


# What a round records beyond outcomes, chosen at compile time (one
# specialisation of the hot loop each), so callers pay only for what they use:
#   Outcomes    who survived, death cycles, instructions executed; a round
#               whose outcome can no longer change ends early
#   NoTrace     also coverage, cells written, processes spawned and peak
#   FrameTrace  also core ownership and process counts every few cycles
cdef struct Outcomes:
    int unused


cdef struct NoTrace:
    int unused


cdef struct FrameTrace:
    int64_t every              # cycles between frames
    int64_t next               # the cycle of the next frame
    int max_frames
    int frames
    int8_t* owner              # last writer of each cell, -1 for none
    int8_t* frame_owner        # max_frames x coresize
    int32_t* frame_tasks           # max_frames x nwarriors
    int64_t* frame_cycle       # max_frames


ctypedef fused trace_t:
    Outcomes
    NoTrace
    FrameTrace


cdef inline int64_t rng(int64_t seed) noexcept nogil:
    # pos.c rng(): Park & Miller "minimal standard", on C longs.
    cdef int64_t temp = 16807 * (seed % 127773) - 2836 * (seed / 127773)
    if temp < 0:
        temp += 2147483647
    return temp


cdef int posit(Battle* bt) noexcept nogil:
    # pos.c posit(): random positions with retries and backtracking; 1 on failure.
    cdef int pos = 1, i, retries1 = 20, retries2 = 4, diff
    cdef int* position = bt.position
    while True:
        bt.seed = rng(bt.seed)
        position[pos] = <int>(bt.seed % (bt.coresize - 2 * bt.mindistance + 1)) + bt.mindistance
        i = 1
        while i < pos:
            diff = position[pos] - position[i]
            if diff < 0:
                diff = -diff
            if diff < bt.mindistance:
                break
            i += 1
        if i == pos:
            pos += 1
        else:
            if not retries2:
                return 1
            if not retries1:
                pos = i
                retries2 -= 1
                retries1 = 20
            else:
                retries1 -= 1
        if pos >= bt.nwarriors:
            return 0


cdef void npos(Battle* bt) noexcept nogil:
    # pos.c npos(): the fallback when posit() gives up.
    cdef int i, j
    cdef unsigned int temp
    cdef unsigned int room = bt.coresize - bt.mindistance * bt.nwarriors + 1
    cdef int* position = bt.position
    for i in range(1, bt.nwarriors):
        bt.seed = rng(bt.seed)
        temp = <unsigned int>(bt.seed % room)
        j = i - 1
        while j > 0:
            if temp > <unsigned int>position[j]:
                break
            position[j + 1] = position[j]
            j -= 1
        position[j + 1] = temp
    temp = bt.mindistance
    for i in range(1, bt.nwarriors):
        position[i] += temp
        temp += bt.mindistance
    for i in range(1, bt.nwarriors):
        bt.seed = rng(bt.seed)
        j = <int>(bt.seed % (bt.nwarriors - i)) + i
        temp = position[j]
        position[j] = position[i]
        position[i] = temp


cdef void place(Battle* bt) noexcept nogil:
    # sim.c simulator1(): warrior 0 always sits at 0.
    if bt.nwarriors == 2:
        bt.position[1] = bt.mindistance + <int>(bt.seed % (bt.coresize + 1 - 2 * bt.mindistance))
        bt.seed = rng(bt.seed)
    elif bt.nwarriors > 2:
        if posit(bt):
            npos(bt)


cdef inline void wrote(Runner* s, trace_t* tr, int addr) noexcept nogil:
    if trace_t is Outcomes:
        return
    s.written[addr] = 1
    if trace_t is FrameTrace:
        tr.owner[addr] = <int8_t>s.index


cdef inline int pspace_get(Battle* bt, int w, int index) noexcept nogil:
    # sim.c get_pspace: cell 0 of P-space is the warrior's own last result.
    index = index % bt.pspacesize
    if index:
        return bt.pspace[bt.pspace_slot[w] * bt.pspacesize + index]
    return bt.last_result[w]


cdef inline void pspace_set(Battle* bt, int w, int index, int value) noexcept nogil:
    index = index % bt.pspacesize
    if index:
        bt.pspace[bt.pspace_slot[w] * bt.pspacesize + index] = <uint16_t>value
    else:
        bt.last_result[w] = value


cdef void end_round_pmars(Battle* bt, int alive) noexcept nogil:
    # sim.c nextround: survivors score by how many are left; P-space cell 0 learns it.
    cdef int w
    cdef int width = 2 * bt.nwarriors - 1
    for w in range(bt.nwarriors):
        if bt.runner[w].tasks:
            bt.scores[w * width + alive - 1] += 1
            bt.last_result[w] = alive
        else:
            bt.last_result[w] = 0


cdef void run_round(Battle* bt, trace_t* tr, int rnd, int starter) noexcept nogil:
    cdef int cs = bt.coresize
    cdef int nw = bt.nwarriors
    cdef Cell* core = bt.core
    cdef Cell* ip
    cdef int ir_a, ir_b, op
    cdef Cell* cell
    cdef uint16_t* field
    cdef Runner* s
    cdef int w, i, k, pc, t, addr_a, addr_b, ra_a, ra_b, rb_a, rb_b, opcode, modifier
    cdef int next_pc, out = rnd * nw
    cdef int64_t cycle, elapsed
    cdef Round rd

    # Load the core (sim.c clears it to DAT.F $0, $0 and copies each warrior).
    memcpy(core, bt.blank, cs * sizeof(Cell))
    if trace_t is not Outcomes:
        memset(bt.visited, 0, <size_t>nw * cs)
        memset(bt.written, 0, <size_t>nw * cs)
    for w in range(nw):
        for k in range(bt.code_length[w]):
            core[(bt.position[w] + k) % cs] = bt.code[bt.code_offset[w] + k]
        s = &bt.runner[w]
        s.visited = bt.visited + <size_t>w * cs
        s.written = bt.written + <size_t>w * cs
        s.queue = bt.queue + <size_t>w * RING
        s.head = 0
        s.tail = 1
        s.tasks = 1
        s.queue[0] = <uint16_t>((bt.position[w] + bt.start[w]) % cs)
        s.next = &bt.runner[w + 1 if w + 1 < nw else 0]
        s.prev = &bt.runner[w - 1 if w > 0 else nw - 1]
        s.index = w
        s.executed = 0
        s.spawned = 0
        s.peak = 1
        bt.out_position[out + w] = bt.position[w]
        bt.out_death_cycle[out + w] = -1
    if trace_t is FrameTrace:
        memset(tr.owner, -1, cs)
        for w in range(nw):
            for k in range(bt.code_length[w]):
                tr.owner[(bt.position[w] + k) % cs] = <int8_t>w

    s = &bt.runner[starter]
    rd.rnd = rnd
    rd.alive = nw
    bt.pmars_done = 0
    cycle = nw * bt.cycles
    # Turns are not counted one by one: between two deaths the living warriors
    # move in strict rotation, so each one's share of the steps is credited
    # when a warrior dies or the round ends.
    rd.first = s
    rd.mark = cycle
    # Below `check` the loop looks at whether the round is over.
    rd.check = 0
    if trace_t is Outcomes:
        if bt.may_settle:
            rd.check = nw * (bt.processes - 1)

    while True:
        if trace_t is FrameTrace:
            # The cycle as pMARS counts it: turns each living warrior has had
            # (the step counter loses a dead warrior's share, sim.c die).
            elapsed = bt.cycles - (cycle + rd.alive - 1) / rd.alive
            if elapsed >= tr.next and tr.frames < tr.max_frames:
                memcpy(tr.frame_owner + <int64_t>tr.frames * cs, tr.owner, cs)
                for i in range(nw):
                    tr.frame_tasks[tr.frames * nw + i] = bt.runner[i].tasks
                tr.frame_cycle[tr.frames] = elapsed
                tr.frames += 1
                tr.next += tr.every

        # Fetch.  sim.c copies the cell into an instruction register; of it
        # only the fields can change before they are used (operand side
        # effects), so they are read now, the opcode and modes when needed.
        pc = s.queue[s.head]
        s.head += 1
        ip = &core[pc]
        ir_a = ip.a
        ir_b = ip.b
        if trace_t is not Outcomes:
            s.visited[pc] = 1
        # The A operand first: the B operand sees its side effects.  ra_* are
        # the fields of the A-pointer cell as read then (sim.c's A register).
        # An immediate operand points at the instruction and reads the
        # instruction register.  Pre-decrement happens before the read,
        # post-increment after it, in the cell holding the offset.
        if ip.amode == IMMEDIATE:
            addr_a = pc
            ra_a = ir_a
            ra_b = ir_b
        else:
            addr_a = pc + ir_a
            if addr_a >= cs:
                addr_a -= cs
            if ip.amode == DIRECT:
                ra_a = core[addr_a].a
                ra_b = core[addr_a].b
            else:
                field = &core[addr_a].a if ip.amode >= A_INDIRECT else &core[addr_a].b
                t = field[0]
                if ip.amode == B_PREDEC or ip.amode == A_PREDEC:
                    t = t - 1 if t else cs - 1
                    field[0] = <uint16_t>t
                    wrote(s, tr, addr_a)
                k = addr_a
                addr_a += t
                if addr_a >= cs:
                    addr_a -= cs
                ra_a = core[addr_a].a
                ra_b = core[addr_a].b
                if ip.amode == B_POSTINC or ip.amode == A_POSTINC:
                    field[0] = <uint16_t>(t + 1 if t + 1 < cs else 0)
                    wrote(s, tr, k)

        # The hottest forms (MOV.I, SPL, DAT, JMP) are plain tests, which
        # predict well, and do not read the B register.  What the process
        # queues next is the following cell unless a jump, skip or split
        # changes it; DIED ends the process instead.
        next_pc = pc + 1 if pc + 1 < cs else 0
        op = ip.op
        if op == MOV_I:
            # sim.c MOV.I: opcode and modes from the cell as it is now,
            # fields from the registers.
            addr_b = b_operand(core, s, tr, pc, ir_b, ip.bmode, cs)
            cell = &core[addr_b]
            # Opcode and modes in one 4-byte copy (the fields come from the
            # registers); measured faster than copying the whole cell.
            memcpy(cell, &core[addr_a], 4)
            cell.a = <uint16_t>ra_a
            cell.b = <uint16_t>ra_b
            wrote(s, tr, addr_b)
        elif (op >> 3) == SPL:
            # sim.c: the following cell is queued first, the new process
            # after it, and only while there is room.
            b_operand(core, s, tr, pc, ir_b, ip.bmode, cs)
            if s.tasks < bt.processes:
                push(s, next_pc)
                s.tasks += 1
                if trace_t is not Outcomes:
                    s.spawned += 1
                    if s.tasks > s.peak:
                        s.peak = s.tasks
                next_pc = addr_a
        elif (op >> 3) == DAT:
            b_operand(core, s, tr, pc, ir_b, ip.bmode, cs)
            next_pc = DIED
        elif (op >> 3) == JMP:
            b_operand(core, s, tr, pc, ir_b, ip.bmode, cs)
            next_pc = addr_a
        else:
            addr_b = b_operand(core, s, tr, pc, ir_b, ip.bmode, cs)
            cell = &core[addr_b]
            # sim.c's B register: the B-pointer cell's fields as read during
            # operand evaluation, before a post-increment; only a cell that
            # points at itself (offset 0) has seen that increment since.
            if ip.bmode == IMMEDIATE:
                rb_a = ir_a
                rb_b = ir_b
            else:
                rb_a = cell.a
                rb_b = cell.b
                if ip.bmode == B_POSTINC or ip.bmode == A_POSTINC:
                    k = pc + ir_b
                    if k >= cs:
                        k -= cs
                    if addr_b == k:
                        if ip.bmode == B_POSTINC:
                            rb_b = 0
                        else:
                            rb_a = 0
            opcode = op >> 3
            modifier = op & 7
            if opcode == MOV:
                if modifier == M_A:
                    cell.a = <uint16_t>ra_a
                elif modifier == M_B:
                    cell.b = <uint16_t>ra_b
                elif modifier == M_AB:
                    cell.b = <uint16_t>ra_a
                elif modifier == M_BA:
                    cell.a = <uint16_t>ra_b
                elif modifier == M_F:
                    cell.a = <uint16_t>ra_a
                    cell.b = <uint16_t>ra_b
                else:
                    cell.b = <uint16_t>ra_a
                    cell.a = <uint16_t>ra_b
                wrote(s, tr, addr_b)
            elif opcode == ADD or opcode == SUB or opcode == MUL:
                # .I acts as .F for arithmetic (sim.c).
                if modifier == M_A or modifier == M_F or modifier == M_I:
                    cell.a = arith(opcode, rb_a, ra_a, cs)
                elif modifier == M_BA or modifier == M_X:
                    cell.a = arith(opcode, rb_a, ra_b, cs)
                if modifier == M_B or modifier == M_F or modifier == M_I:
                    cell.b = arith(opcode, rb_b, ra_b, cs)
                elif modifier == M_AB or modifier == M_X:
                    cell.b = arith(opcode, rb_b, ra_a, cs)
                wrote(s, tr, addr_b)
            elif opcode == DIV or opcode == MODULO:
                # sim.c: with .F/.I/.X the half with a non-zero divisor is still
                # written before the process dies of the other.
                if modifier == M_A:
                    if ra_a == 0:
                        next_pc = DIED
                    else:
                        cell.a = divide(opcode, rb_a, ra_a)
                elif modifier == M_B:
                    if ra_b == 0:
                        next_pc = DIED
                    else:
                        cell.b = divide(opcode, rb_b, ra_b)
                elif modifier == M_AB:
                    if ra_a == 0:
                        next_pc = DIED
                    else:
                        cell.b = divide(opcode, rb_b, ra_a)
                elif modifier == M_BA:
                    if ra_b == 0:
                        next_pc = DIED
                    else:
                        cell.a = divide(opcode, rb_a, ra_b)
                elif modifier == M_X:
                    if ra_b != 0:
                        cell.a = divide(opcode, rb_a, ra_b)
                    else:
                        next_pc = DIED
                    if ra_a != 0:
                        cell.b = divide(opcode, rb_b, ra_a)
                    else:
                        next_pc = DIED
                else:
                    if ra_a != 0:
                        cell.a = divide(opcode, rb_a, ra_a)
                    else:
                        next_pc = DIED
                    if ra_b != 0:
                        cell.b = divide(opcode, rb_b, ra_b)
                    else:
                        next_pc = DIED
                if next_pc != DIED or modifier >= M_F:
                    wrote(s, tr, addr_b)
            elif opcode == JMZ:
                if modifier == M_A or modifier == M_BA:
                    t = rb_a == 0
                elif modifier == M_B or modifier == M_AB:
                    t = rb_b == 0
                else:
                    t = rb_a == 0 and rb_b == 0
                if t:
                    next_pc = addr_a
            elif opcode == JMN:
                if modifier == M_A or modifier == M_BA:
                    t = rb_a != 0
                elif modifier == M_B or modifier == M_AB:
                    t = rb_b != 0
                else:
                    t = rb_a != 0 or rb_b != 0
                if t:
                    next_pc = addr_a
            elif opcode == DJN:
                # sim.c (NEW_MODES): the decrement goes to the cell, the test uses
                # the value read during operand evaluation, less one.
                if modifier == M_A or modifier == M_BA:
                    cell.a = <uint16_t>(cell.a - 1 if cell.a else cs - 1)
                    t = rb_a != 1
                elif modifier == M_B or modifier == M_AB:
                    cell.b = <uint16_t>(cell.b - 1 if cell.b else cs - 1)
                    t = rb_b != 1
                else:
                    cell.b = <uint16_t>(cell.b - 1 if cell.b else cs - 1)
                    cell.a = <uint16_t>(cell.a - 1 if cell.a else cs - 1)
                    t = rb_a != 1 or rb_b != 1
                wrote(s, tr, addr_b)
                if t:
                    next_pc = addr_a
            elif opcode == CMP or opcode == SEQ or opcode == SNE:
                if modifier == M_A:
                    t = rb_a == ra_a
                elif modifier == M_B:
                    t = rb_b == ra_b
                elif modifier == M_AB:
                    t = rb_b == ra_a
                elif modifier == M_BA:
                    t = rb_a == ra_b
                elif modifier == M_F:
                    t = rb_a == ra_a and rb_b == ra_b
                elif modifier == M_X:
                    t = rb_b == ra_a and rb_a == ra_b
                else:
                    # sim.c CMP.I compares opcode and modes of the cells as they are now
                    t = (cell.op == core[addr_a].op and cell.amode == core[addr_a].amode
                         and cell.bmode == core[addr_a].bmode and rb_a == ra_a and rb_b == ra_b)
                if t != (opcode == SNE):
                    next_pc = next_pc + 1 if next_pc + 1 < cs else 0
            elif opcode == SLT:
                if modifier == M_A:
                    t = rb_a > ra_a
                elif modifier == M_B:
                    t = rb_b > ra_b
                elif modifier == M_AB:
                    t = rb_b > ra_a
                elif modifier == M_BA:
                    t = rb_a > ra_b
                elif modifier == M_X:
                    t = rb_b > ra_a and rb_a > ra_b
                else:
                    t = rb_a > ra_a and rb_b > ra_b
                if t:
                    next_pc = next_pc + 1 if next_pc + 1 < cs else 0
            elif opcode == LDP:
                if modifier == M_A:
                    cell.a = <uint16_t>pspace_get(bt, s.index, ra_a)
                elif modifier == M_AB:
                    cell.b = <uint16_t>pspace_get(bt, s.index, ra_a)
                elif modifier == M_BA:
                    cell.a = <uint16_t>pspace_get(bt, s.index, ra_b)
                else:
                    cell.b = <uint16_t>pspace_get(bt, s.index, ra_b)
                wrote(s, tr, addr_b)
            elif opcode == STP:
                # After pMARS would have ended the round (run_to_end), P-space is
                # left alone so later rounds still match pMARS.
                if not bt.pmars_done:
                    if modifier == M_A:
                        pspace_set(bt, s.index, rb_a, ra_a)
                    elif modifier == M_AB:
                        pspace_set(bt, s.index, rb_b, ra_a)
                    elif modifier == M_BA:
                        pspace_set(bt, s.index, rb_a, ra_b)
                    else:
                        pspace_set(bt, s.index, rb_b, ra_b)
            # NOP: nothing

        if next_pc == DIED:
            s.tasks -= 1
            if s.tasks:
                s = s.next
            else:
                cycle = warrior_died(bt, &rd, s, cycle)
                if cycle < 0:
                    break
                s = rd.first
        else:
            push(s, next_pc)
            s = s.next
        cycle -= 1
        if cycle <= rd.check:
            if cycle <= 0:
                credit(rd.first, rd.alive, rd.mark if rd.mark > 0 else 0)
                break
            if trace_t is Outcomes:
                # Only outcomes wanted: every 128 steps near the end, see
                # whether a death is still possible; if not, the round is over.
                if settled(s, cycle, rd.alive):
                    credit(rd.first, rd.alive, rd.mark - cycle)
                    break
                rd.check = cycle - 128 if cycle > 128 else 0

    if not bt.pmars_done:
        end_round_pmars(bt, rd.alive)
        bt.out_left[rnd] = rd.alive
    for w in range(nw):
        s = &bt.runner[w]
        bt.out_executed[out + w] = s.executed
        bt.out_spawned[out + w] = s.spawned
        bt.out_peak[out + w] = s.peak
        bt.out_survived[out + w] = bt.out_death_cycle[out + w] < 0 or (
            bt.run_to_end and bt.last_result[w] != 0)
    if trace_t is not Outcomes:
        tally(bt, out)


cdef int64_t warrior_died(Battle* bt, Round* rd, Runner* s, int64_t cycle) noexcept nogil:
    """Take out a warrior whose last process died; the cycles left, or -1 if the round is over.

    sim.c die: the dead warrior's share of the remaining cycles goes.
    """
    cdef int nw = bt.nwarriors, w = s.index
    credit(rd.first, rd.alive, rd.mark - cycle + 1)
    bt.out_death_cycle[rd.rnd * nw + w] = s.executed
    if not bt.pmars_done:
        bt.scores[w * (2 * nw - 1) + rd.alive + nw - 2] += 1
    cycle = cycle - 1 - (cycle - 1) / rd.alive
    rd.alive -= 1
    if rd.alive == 0:
        return -1
    if rd.alive < 2 and not bt.pmars_done:
        end_round_pmars(bt, rd.alive)
        bt.out_left[rd.rnd] = rd.alive
        bt.pmars_done = 1
        if not bt.run_to_end:
            return -1
    # unlink it from the ring of living warriors
    s.prev.next = s.next
    s.next.prev = s.prev
    rd.first = s.next
    rd.mark = cycle - 1
    return cycle


cdef bint settled(Runner* s, int64_t cycle, int alive) noexcept nogil:
    """True when no warrior can die in the cycles left.

    Each turn ends at most one process, and a warrior gets at most
    ceil(cycle / alive) more turns; if every warrior has more processes than
    that, the outcome is fixed (a tie exhaust detects the same way).
    """
    cdef Runner* r = s
    while True:
        if cycle > <int64_t>alive * (r.tasks - 1):
            return False
        r = r.next
        if r == s:
            return True


cdef void credit(Runner* first, int alive, int64_t steps) noexcept nogil:
    # Share `steps` turns among the living warriors in ring order from `first`.
    cdef Runner* r = first
    cdef int j
    for j in range(alive):
        if steps > j:
            r.executed += (steps - j + alive - 1) / alive
        r = r.next


cdef inline int b_operand(
    Cell* core, Runner* s, trace_t* tr, int pc, int offset, int mode, int cs
) noexcept nogil:
    """The B operand's address, after its side effects (ICWS'94 5.3.2)."""
    cdef int addr = pc, t
    cdef uint16_t* field
    if mode != IMMEDIATE:
        addr = pc + offset
        if addr >= cs:
            addr -= cs
        if mode != DIRECT:
            field = &core[addr].a if mode >= A_INDIRECT else &core[addr].b
            t = field[0]
            if mode == B_PREDEC or mode == A_PREDEC:
                t = t - 1 if t else cs - 1
                field[0] = <uint16_t>t
                wrote(s, tr, addr)
            elif mode == B_POSTINC or mode == A_POSTINC:
                field[0] = <uint16_t>(t + 1 if t + 1 < cs else 0)
                wrote(s, tr, addr)
            addr += t
            if addr >= cs:
                addr -= cs
    return addr


cdef inline void push(Runner* s, int addr) noexcept nogil:
    s.queue[s.tail] = <uint16_t>addr
    s.tail += 1


cdef inline uint16_t arith(int opcode, int x, int y, int cs) noexcept nogil:
    cdef int r
    if opcode == ADD:
        r = x + y
        if r >= cs:
            r -= cs
    elif opcode == SUB:
        r = x - y
        if r < 0:
            r += cs
    else:
        # sim.c casts to U32_T (unsigned long) before multiplying
        r = <int>((<uint64_t>x * <uint64_t>y) % <uint64_t>cs)
    return <uint16_t>r


cdef inline uint16_t divide(int opcode, int x, int y) noexcept nogil:
    return <uint16_t>(x / y if opcode == DIV else x % y)


cdef void tally(Battle* bt, int out) noexcept nogil:
    cdef int i, w, cs = bt.coresize, visited, written
    for w in range(bt.nwarriors):
        visited = 0
        written = 0
        for i in range(cs):
            visited += bt.visited[w * cs + i]
            written += bt.written[w * cs + i]
        bt.out_coverage[out + w] = visited
        bt.out_written[out + w] = written


cdef void run_all(Battle* bt, trace_t* tr, int rounds) noexcept nogil:
    cdef int rnd, starter = 0
    for rnd in range(rounds):
        if bt.nwarriors > 1:
            place(bt)
        bt.out_starter[rnd] = starter
        if trace_t is FrameTrace:
            if rnd == 0:
                run_round(bt, tr, rnd, starter)
            else:
                run_round(bt, <NoTrace*>NULL, rnd, starter)
        else:
            run_round(bt, tr, rnd, starter)
        starter = starter + 1 if starter + 1 < bt.nwarriors else 0


cdef void free_battle(Battle* bt) noexcept:
    free(bt.code)
    free(bt.code_offset)
    free(bt.code_length)
    free(bt.start)
    free(bt.pspace_slot)
    free(bt.core)
    free(bt.blank)
    free(bt.queue)
    free(bt.runner)
    free(bt.pspace)
    free(bt.last_result)
    free(bt.visited)
    free(bt.written)
    free(bt.position)


def run_battle(
    cnp.uint16_t[:, ::1] code,
    cnp.int32_t[::1] lengths,
    cnp.int32_t[::1] starts,
    cnp.int32_t[::1] pspace_slots,
    int coresize,
    long long cycles,
    int processes,
    int mindistance,
    int pspacesize,
    int rounds,
    long long seed,
    bint run_to_end=False,
    bint behaviour=True,
    int trace_every=0,
    int trace_max_frames=0,
):
    """Run ``rounds`` rounds; return a dict of numpy arrays (see ``mars.battle``).

    ``code`` has one row per instruction of all warriors in order:
    ``op, amode, a, bmode, b``.  ``seed`` is the RNG state before round 1's
    placement (pMARS's ``seed`` after ``rng()`` or ``-F``).  With
    ``trace_every > 0`` round 1 records a frame of cell ownership every
    ``trace_every`` cycles, at most ``trace_max_frames`` of them.  Without
    ``behaviour`` coverage, cells written, spawned and peak stay 0, and
    ``executed`` stops where a settled round ended.
    """
    cdef int nw = lengths.shape[0]
    cdef int w, i, total = code.shape[0], slots = 0
    cdef Battle bt
    cdef NoTrace notrace
    cdef Outcomes outcomes
    cdef FrameTrace trace
    if not 1 <= nw <= 36:
        raise ValueError(f"between 1 and 36 warriors, got {nw}")
    if not 2 <= coresize <= 65536:
        raise ValueError(f"coresize must be within 2..65536, got {coresize}")
    if not 1 <= processes <= RING:
        raise ValueError(f"processes must be within 1..{RING}, got {processes}")
    for w in range(nw):
        slots = max(slots, pspace_slots[w] + 1)

    scores = np.zeros((nw, 2 * nw - 1), dtype=np.int64)
    shape = (rounds, nw)
    position = np.zeros(shape, dtype=np.int32)
    executed = np.zeros(shape, dtype=np.int64)
    death_cycle = np.zeros(shape, dtype=np.int64)
    survived = np.zeros(shape, dtype=np.int8)
    spawned = np.zeros(shape, dtype=np.int64)
    peak = np.zeros(shape, dtype=np.int32)
    coverage = np.zeros(shape, dtype=np.int32)
    written = np.zeros(shape, dtype=np.int32)
    starter = np.zeros(rounds, dtype=np.int32)
    left = np.zeros(rounds, dtype=np.int32)
    frames = max(trace_max_frames, 1) if trace_every > 0 else 1
    frame_owner = np.full((frames, coresize), -1, dtype=np.int8)
    frame_tasks = np.zeros((frames, nw), dtype=np.int32)
    frame_cycle = np.zeros(frames, dtype=np.int64)

    cdef cnp.int64_t[:, ::1] v_scores = scores
    cdef cnp.int32_t[:, ::1] v_position = position
    cdef cnp.int64_t[:, ::1] v_executed = executed
    cdef cnp.int64_t[:, ::1] v_death = death_cycle
    cdef cnp.int8_t[:, ::1] v_survived = survived
    cdef cnp.int64_t[:, ::1] v_spawned = spawned
    cdef cnp.int32_t[:, ::1] v_peak = peak
    cdef cnp.int32_t[:, ::1] v_coverage = coverage
    cdef cnp.int32_t[:, ::1] v_written = written
    cdef cnp.int32_t[::1] v_starter = starter
    cdef cnp.int32_t[::1] v_left = left
    cdef cnp.int8_t[:, ::1] v_frame_owner = frame_owner
    cdef cnp.int32_t[:, ::1] v_frame_tasks = frame_tasks
    cdef cnp.int64_t[::1] v_frame_cycle = frame_cycle
    cdef cnp.int32_t[:, ::1] v_final

    memset(&bt, 0, sizeof(Battle))
    bt.coresize = coresize
    bt.cycles = cycles
    bt.processes = processes
    bt.mindistance = mindistance
    bt.pspacesize = pspacesize
    bt.nwarriors = nw
    bt.run_to_end = run_to_end
    bt.may_settle = not any(code[i, 0] >> 3 == STP for i in range(total))
    bt.seed = seed
    try:
        bt.code = <Cell*>calloc(max(total, 1), sizeof(Cell))
        bt.code_offset = <int*>calloc(nw, sizeof(int))
        bt.code_length = <int*>calloc(nw, sizeof(int))
        bt.start = <int*>calloc(nw, sizeof(int))
        bt.pspace_slot = <int*>calloc(nw, sizeof(int))
        bt.core = <Cell*>calloc(coresize, sizeof(Cell))
        bt.blank = <Cell*>calloc(coresize, sizeof(Cell))
        bt.queue = <uint16_t*>calloc(<size_t>nw * RING, sizeof(uint16_t))
        bt.runner = <Runner*>calloc(nw, sizeof(Runner))
        bt.pspace = <uint16_t*>calloc(<size_t>slots * pspacesize, sizeof(uint16_t))
        bt.last_result = <int*>calloc(nw, sizeof(int))
        bt.visited = <uint8_t*>calloc(<size_t>nw * coresize, 1)
        bt.written = <uint8_t*>calloc(<size_t>nw * coresize, 1)
        bt.position = <int*>calloc(nw, sizeof(int))
        if (not bt.code or not bt.code_offset or not bt.code_length or not bt.start
                or not bt.pspace_slot or not bt.core or not bt.blank or not bt.queue
                or not bt.runner
                or not bt.pspace or not bt.last_result
                or not bt.visited or not bt.written or not bt.position):
            raise MemoryError("not enough memory for the battle")
        i = 0
        for w in range(nw):
            bt.code_offset[w] = i
            bt.code_length[w] = lengths[w]
            bt.start[w] = starts[w]
            bt.pspace_slot[w] = pspace_slots[w]
            bt.last_result[w] = coresize - 1   # pmars.c pspace_init: "unlikely number"
            i += lengths[w]
        for i in range(coresize):
            bt.blank[i].op = DAT * 8 + M_F
            bt.blank[i].amode = DIRECT
            bt.blank[i].bmode = DIRECT
        for i in range(total):
            bt.code[i].op = <uint8_t>code[i, 0]
            bt.code[i].amode = <uint8_t>code[i, 1]
            bt.code[i].a = code[i, 2]
            bt.code[i].bmode = <uint8_t>code[i, 3]
            bt.code[i].b = code[i, 4]
        bt.scores = &v_scores[0, 0]
        bt.out_position = &v_position[0, 0]
        bt.out_executed = &v_executed[0, 0]
        bt.out_death_cycle = &v_death[0, 0]
        bt.out_survived = &v_survived[0, 0]
        bt.out_spawned = &v_spawned[0, 0]
        bt.out_peak = &v_peak[0, 0]
        bt.out_coverage = &v_coverage[0, 0]
        bt.out_written = &v_written[0, 0]
        bt.out_starter = &v_starter[0]
        bt.out_left = &v_left[0]

        if trace_every > 0:
            trace.every = trace_every
            trace.next = 0
            trace.max_frames = frames
            trace.frames = 0
            trace.owner = <int8_t*>calloc(coresize, sizeof(int8_t))
            if not trace.owner:
                raise MemoryError("not enough memory for the trace")
            trace.frame_owner = &v_frame_owner[0, 0]
            trace.frame_tasks = &v_frame_tasks[0, 0]
            trace.frame_cycle = &v_frame_cycle[0]
            try:
                with nogil:
                    run_all(&bt, &trace, rounds)
            finally:
                free(trace.owner)
            nframes = trace.frames
        elif behaviour:
            with nogil:
                run_all(&bt, &notrace, rounds)
            nframes = 0
        else:
            with nogil:
                run_all(&bt, &outcomes, rounds)
            nframes = 0
        # The state the last round ended in, for inspection and tests.
        final_core = np.empty((coresize, 5), dtype=np.int32)
        v_final = final_core
        for i in range(coresize):
            v_final[i, 0] = bt.core[i].op
            v_final[i, 1] = bt.core[i].amode
            v_final[i, 2] = bt.core[i].a
            v_final[i, 3] = bt.core[i].bmode
            v_final[i, 4] = bt.core[i].b
        final_queues = [
            [bt.runner[w].queue[<uint16_t>(bt.runner[w].head + k)]
             for k in range(bt.runner[w].tasks)]
            for w in range(nw)
        ]
    finally:
        free_battle(&bt)

    return {
        "scores": scores,
        "position": position,
        "executed": executed,
        "death_cycle": death_cycle,
        "survived": survived.astype(bool),
        "spawned": spawned,
        "peak_processes": peak,
        "coverage": coverage,
        "written": written,
        "starter": starter,
        "left": left,
        "frame_owner": frame_owner[:nframes],
        "frame_tasks": frame_tasks[:nframes],
        "frame_cycle": frame_cycle[:nframes],
        "final_core": final_core,
        "final_queues": final_queues,
    }
