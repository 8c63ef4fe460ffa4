;; The Convex CLI's printed jobs, split into lines and read by their layout, in WebAssembly.
;;
;; Why not JavaScript: the same reader in TypeScript spent about half of a 100,000-job queue's first
;; (and only) pass running unoptimized, before V8's optimizing compiler had seen enough of it (the
;; per-line functions were optimized only after ~8,000 lines). WebAssembly is compiled to machine
;; code before it runs, so a short-lived CLI reads at full speed from the first line. Measured in
;; docs/benchmarks.md ("Pending work, warm").
;;
;; The layout it reads is described in ./line-reader.ts; whatever line it takes, the general reader
;; (./printed-job.ts) reads the same way (test/pending/line-reader.test.ts holds the two together,
;; with any byte of a printed job changed). The numbers and strings follow ./scan.ts's grammar
;; (`numberEnd`, `stringEnd`). `npm run wasm` compiles it into ./layout-wasm.ts.
;;
;; Memory: the literals below at 0; records from RECORDS (set by the caller) of 8 i32 each:
;;   [0] line start  [1] state: -1 not this layout, 0 over, 1 waiting  [2] name start  [3] name end
;;   [4] the name's hash  [5] args start  [6] args end  [7] line end (before any \r)
(module
  (memory (export "memory") 3)
  (data (i32.const 0) "{ \22_creationTime\22: ")          ;; 19 bytes
  (data (i32.const 32) ", \22_id\22: ")                   ;; 9
  (data (i32.const 48) ", \22args\22: [")                 ;; 11
  (data (i32.const 64) "], \22completedTime\22: ")        ;; 20
  (data (i32.const 96) ", \22name\22: ")                  ;; 10
  (data (i32.const 112) ", \22scheduledTime\22: ")        ;; 19
  (data (i32.const 144) ", \22state\22: { \22kind\22: ")  ;; 21
  (data (i32.const 176) " } }")                           ;; 4
  (data (i32.const 192) "\22pending\22")                  ;; 9
  (data (i32.const 208) "\22inProgress\22")               ;; 12
  (data (i32.const 224) "\22success\22")                  ;; 9
  (data (i32.const 240) "\22failed\22")                   ;; 8
  (data (i32.const 256) "\22canceled\22")                 ;; 10

  ;; Set by `lines`: where the first line it did not read starts.
  (global $next (export "next") (mut i32) (i32.const 0))

  ;; Does memory hold the `n` bytes at `lit` at `at`? Eight bytes at a time, then one.
  (func $same (param $at i32) (param $lit i32) (param $n i32) (result i32)
    (local $k i32)
    (block $bytes
      (loop $words
        (br_if $bytes (i32.gt_u (i32.add (local.get $k) (i32.const 8)) (local.get $n)))
        (if (i64.ne
              (i64.load (i32.add (local.get $at) (local.get $k)))
              (i64.load (i32.add (local.get $lit) (local.get $k))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $words)))
    (block $differ
      (loop $byte
        (if (i32.ge_u (local.get $k) (local.get $n)) (then (return (i32.const 1))))
        (br_if $differ
          (i32.ne
            (i32.load8_u (i32.add (local.get $at) (local.get $k)))
            (i32.load8_u (i32.add (local.get $lit) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $byte)))
    (i32.const 0))

  (func $hex (param $c i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))
      (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 6))))

  ;; After the run of digits at `j` (maybe none).
  (func $digits (param $j i32) (param $end i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $j) (local.get $end)))
        (br_if $done (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 48)) (i32.const 10))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next)))
    (local.get $j))

  ;; After the JSON number at `i` by its exact grammar, or -1 (scan.ts `numberEnd`).
  (func $numberEnd (param $i i32) (param $end i32) (result i32)
    (local $j i32) (local $from i32) (local $c i32)
    (local.set $j (local.get $i))
    (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 45))
      (then (local.set $j (i32.add (local.get $i) (i32.const 1)))))
    (local.set $from (local.get $j))
    (local.set $j (call $digits (local.get $j) (local.get $end)))
    (if (i32.eq (local.get $j) (local.get $from)) (then (return (i32.const -1))))
    (if (i32.and
          (i32.eq (i32.load8_u (local.get $from)) (i32.const 48))
          (i32.gt_s (i32.sub (local.get $j) (local.get $from)) (i32.const 1)))
      (then (return (i32.const -1))))
    (if (i32.and
          (i32.lt_s (local.get $j) (local.get $end))
          (i32.eq (i32.load8_u (local.get $j)) (i32.const 46)))
      (then
        (local.set $from (i32.add (local.get $j) (i32.const 1)))
        (local.set $j (call $digits (local.get $from) (local.get $end)))
        (if (i32.eq (local.get $j) (local.get $from)) (then (return (i32.const -1))))))
    (if (i32.lt_s (local.get $j) (local.get $end))
      (then
        (local.set $c (i32.load8_u (local.get $j)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 101)) (i32.eq (local.get $c) (i32.const 69)))
          (then
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (if (i32.lt_s (local.get $j) (local.get $end))
              (then
                (local.set $c (i32.load8_u (local.get $j)))
                (if (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45)))
                  (then (local.set $j (i32.add (local.get $j) (i32.const 1)))))))
            (local.set $from (local.get $j))
            (local.set $j (call $digits (local.get $from) (local.get $end)))
            (if (i32.eq (local.get $j) (local.get $from)) (then (return (i32.const -1))))))))
    (local.get $j))

  ;; The start of the number that ends at `end` (a float64 as the printer writes it), or -1.
  (func $numberBefore (param $start i32) (param $end i32) (result i32)
    (local $i i32) (local $c i32)
    (local.set $i (i32.sub (local.get $end) (i32.const 1)))
    ;; Back over what a number can hold; its grammar is then checked forwards.
    (block $done
      (loop $back
        (br_if $done (i32.le_s (local.get $i) (local.get $start)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done
          (i32.eqz
            (i32.or
              (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))
              (i32.or
                (i32.or (i32.eq (local.get $c) (i32.const 46)) (i32.eq (local.get $c) (i32.const 101)))
                (i32.or
                  (i32.eq (local.get $c) (i32.const 69))
                  (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45))))))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $back)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (if (result i32) (i32.eq (call $numberEnd (local.get $i) (local.get $end)) (local.get $end))
      (then (local.get $i))
      (else (i32.const -1))))

  ;; After the JSON string whose opening quote is at `i`: any valid escape, no raw control
  ;; character; -1 otherwise (scan.ts `stringEnd`).
  (func $stringEnd (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $e i32)
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (block $unsure
      (loop $char
        (br_if $unsure (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 34)) (then (return (i32.add (local.get $i) (i32.const 1)))))
        (br_if $unsure (i32.lt_u (local.get $c) (i32.const 32)))
        (if (i32.eq (local.get $c) (i32.const 92))
          (then
            (local.set $e (i32.load8_u (i32.add (local.get $i) (i32.const 1))))
            (if (i32.eq (local.get $e) (i32.const 117))
              (then
                (br_if $unsure (i32.gt_s (i32.add (local.get $i) (i32.const 6)) (local.get $end)))
                (br_if $unsure (i32.eqz (call $hex (i32.load8_u (i32.add (local.get $i) (i32.const 2))))))
                (br_if $unsure (i32.eqz (call $hex (i32.load8_u (i32.add (local.get $i) (i32.const 3))))))
                (br_if $unsure (i32.eqz (call $hex (i32.load8_u (i32.add (local.get $i) (i32.const 4))))))
                (br_if $unsure (i32.eqz (call $hex (i32.load8_u (i32.add (local.get $i) (i32.const 5))))))
                (local.set $i (i32.add (local.get $i) (i32.const 6)))
                (br $char)))
            ;; " \ / b f n r t
            (br_if $unsure
              (i32.eqz
                (i32.or
                  (i32.or
                    (i32.or (i32.eq (local.get $e) (i32.const 34)) (i32.eq (local.get $e) (i32.const 92)))
                    (i32.or (i32.eq (local.get $e) (i32.const 47)) (i32.eq (local.get $e) (i32.const 98))))
                  (i32.or
                    (i32.or (i32.eq (local.get $e) (i32.const 102)) (i32.eq (local.get $e) (i32.const 110)))
                    (i32.or (i32.eq (local.get $e) (i32.const 114)) (i32.eq (local.get $e) (i32.const 116)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $char)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $char)))
    (i32.const -1))

  ;; The line [start, end) in the printer's exact layout, read from its end back to the args and then
  ;; from its start to them, into the record at `rec`; 0 when it is not in that layout. Every byte
  ;; of a line this takes is checked but the args', which whoever reads them reads to `args end`.
  (func $layout (param $start i32) (param $end i32) (param $rec i32) (result i32)
    (local $i i32) (local $kind i32) (local $lit i32) (local $n i32) (local $c i32)
    (local $q i32) (local $hash i32) (local $f i32)
    ;; `, "state": { "kind": "…" } }`: an escaped quote is always after a backslash, never after the
    ;; literal's space, so neither the kind nor the name below can be read from inside a string.
    (local.set $i (i32.sub (local.get $end) (i32.const 4)))
    (if (i32.le_s (local.get $i) (local.get $start)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 34)) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $i) (i32.const 176) (i32.const 4))) (then (return (i32.const 0))))
    (local.set $kind (i32.sub (local.get $i) (i32.const 2)))
    (block $found
      (loop $back
        (br_if $found (i32.le_s (local.get $kind) (local.get $start)))
        (br_if $found (i32.eq (i32.load8_u (local.get $kind)) (i32.const 34)))
        (local.set $kind (i32.sub (local.get $kind) (i32.const 1)))
        (br $back)))
    ;; The known states differ in their first letter.
    (local.set $c (i32.load8_u (i32.add (local.get $kind) (i32.const 1))))
    (block $known
      (if (i32.eq (local.get $c) (i32.const 112)) ;; pending
        (then (local.set $lit (i32.const 192)) (local.set $n (i32.const 9)) (local.set $f (i32.const 1)) (br $known)))
      (if (i32.eq (local.get $c) (i32.const 105)) ;; inProgress
        (then (local.set $lit (i32.const 208)) (local.set $n (i32.const 12)) (local.set $f (i32.const 1)) (br $known)))
      (if (i32.eq (local.get $c) (i32.const 115)) ;; success
        (then (local.set $lit (i32.const 224)) (local.set $n (i32.const 9)) (br $known)))
      (if (i32.eq (local.get $c) (i32.const 102)) ;; failed
        (then (local.set $lit (i32.const 240)) (local.set $n (i32.const 8)) (br $known)))
      (if (i32.eq (local.get $c) (i32.const 99)) ;; canceled
        (then (local.set $lit (i32.const 256)) (local.set $n (i32.const 10)) (br $known)))
      (return (i32.const 0)))
    (if (i32.ne (local.get $n) (i32.sub (local.get $i) (local.get $kind))) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $kind) (local.get $lit) (local.get $n))) (then (return (i32.const 0))))
    (i32.store offset=4 (local.get $rec) (local.get $f))
    (local.set $i (i32.sub (local.get $kind) (i32.const 21)))
    (if (i32.le_s (local.get $i) (local.get $start)) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $i) (i32.const 144) (i32.const 21))) (then (return (i32.const 0))))
    ;; `, "scheduledTime": N`
    (local.set $f (call $numberBefore (local.get $start) (local.get $i)))
    (if (i32.lt_s (local.get $f) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $i (i32.sub (local.get $f) (i32.const 19)))
    (if (i32.le_s (local.get $i) (local.get $start)) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $i) (i32.const 112) (i32.const 19))) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 34)) (then (return (i32.const 0))))
    ;; `, "name": "…"`, no escape or control character in it, hashed from its last byte to its
    ;; first and then its length (jobs.ts `nameHashOf` computes the same).
    (local.set $q (i32.sub (local.get $i) (i32.const 2)))
    (block $opened
      (loop $back
        (if (i32.le_s (local.get $q) (local.get $start)) (then (return (i32.const 0))))
        (local.set $c (i32.load8_u (local.get $q)))
        (br_if $opened (i32.eq (local.get $c) (i32.const 34)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 92)) (i32.lt_u (local.get $c) (i32.const 32)))
          (then (return (i32.const 0))))
        (local.set $hash
          (i32.and (i32.add (i32.mul (local.get $hash) (i32.const 31)) (local.get $c)) (i32.const 0xfffff)))
        (local.set $q (i32.sub (local.get $q) (i32.const 1)))
        (br $back)))
    (i32.store offset=8 (local.get $rec) (i32.add (local.get $q) (i32.const 1)))
    (i32.store offset=12 (local.get $rec) (i32.sub (local.get $i) (i32.const 1)))
    (i32.store offset=16 (local.get $rec)
      (i32.and
        (i32.add
          (i32.mul (local.get $hash) (i32.const 31))
          (i32.sub (i32.sub (local.get $i) (local.get $q)) (i32.const 2)))
        (i32.const 0xfffff)))
    (local.set $i (i32.sub (local.get $q) (i32.const 10)))
    (if (i32.le_s (local.get $i) (local.get $start)) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $i) (i32.const 96) (i32.const 10))) (then (return (i32.const 0))))
    ;; `], "completedTime": N` or `]`
    (if (i32.ne (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 93))
      (then
        (local.set $f (call $numberBefore (local.get $start) (local.get $i)))
        (if (i32.lt_s (local.get $f) (i32.const 0)) (then (return (i32.const 0))))
        (local.set $i (i32.sub (local.get $f) (i32.const 20)))
        (if (i32.le_s (local.get $i) (local.get $start)) (then (return (i32.const 0))))
        (if (i32.eqz (call $same (local.get $i) (i32.const 64) (i32.const 20))) (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (i32.store offset=24 (local.get $rec) (i32.sub (local.get $i) (i32.const 1)))
    ;; `{ "_creationTime": N, "_id": "…", "args": [`
    (if (i32.gt_s (i32.add (local.get $start) (i32.const 19)) (local.get $end)) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $start) (i32.const 0) (i32.const 19))) (then (return (i32.const 0))))
    (local.set $f (call $numberEnd (i32.add (local.get $start) (i32.const 19)) (local.get $end)))
    (if (i32.lt_s (local.get $f) (i32.const 0)) (then (return (i32.const 0))))
    (if (i32.gt_s (i32.add (local.get $f) (i32.const 9)) (local.get $end)) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $f) (i32.const 32) (i32.const 9))) (then (return (i32.const 0))))
    (local.set $f (i32.add (local.get $f) (i32.const 9)))
    (if (i32.ne (i32.load8_u (local.get $f)) (i32.const 34)) (then (return (i32.const 0))))
    (local.set $f (call $stringEnd (local.get $f) (local.get $end)))
    (if (i32.lt_s (local.get $f) (i32.const 0)) (then (return (i32.const 0))))
    (if (i32.gt_s (i32.add (local.get $f) (i32.const 11)) (local.get $end)) (then (return (i32.const 0))))
    (if (i32.eqz (call $same (local.get $f) (i32.const 48) (i32.const 11))) (then (return (i32.const 0))))
    (local.set $f (i32.add (local.get $f) (i32.const 11)))
    (i32.store offset=20 (local.get $rec) (local.get $f))
    (i32.and
      (i32.lt_s (local.get $f) (i32.load offset=24 (local.get $rec)))
      (i32.eq (i32.load8_u (local.get $f)) (i32.const 123))))

  ;; Reads the lines of [from, to) that end in `\n`, at most `max` of them, into records from `rec`;
  ;; returns how many, and sets `next` to where the first line not read starts.
  (func (export "lines") (param $from i32) (param $to i32) (param $rec i32) (param $max i32) (result i32)
    (local $s i32) (local $j i32) (local $e i32) (local $n i32) (local $x i64) (local $t i64)
    (local.set $s (local.get $from))
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $n) (local.get $max)))
        (local.set $j (local.get $s))
        ;; The next `\n`, eight bytes at a time: a byte is 10 where x = word ^ 0x0A… has a zero
        ;; byte, and the lowest set bit of (x - 0x01…) & ~x & 0x80… marks the first of them.
        (block $newline
          (block $bytewise
            (loop $words
              (br_if $bytewise (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $to)))
              (local.set $x (i64.xor (i64.load (local.get $j)) (i64.const 0x0A0A0A0A0A0A0A0A)))
              (local.set $t
                (i64.and
                  (i64.and
                    (i64.sub (local.get $x) (i64.const 0x0101010101010101))
                    (i64.xor (local.get $x) (i64.const -1)))
                  (i64.const 0x8080808080808080)))
              (if (i64.ne (local.get $t) (i64.const 0))
                (then
                  (local.set $j
                    (i32.add (local.get $j) (i32.wrap_i64 (i64.shr_u (i64.ctz (local.get $t)) (i64.const 3)))))
                  (br $newline)))
              (local.set $j (i32.add (local.get $j) (i32.const 8)))
              (br $words)))
          (loop $bytes
            (br_if $done (i32.ge_s (local.get $j) (local.get $to)))
            (br_if $newline (i32.eq (i32.load8_u (local.get $j)) (i32.const 10)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $bytes)))
        ;; A `\r` before the `\n` is not part of the line.
        (local.set $e (local.get $j))
        (if (i32.and
              (i32.gt_s (local.get $e) (local.get $s))
              (i32.eq (i32.load8_u (i32.sub (local.get $e) (i32.const 1))) (i32.const 13)))
          (then (local.set $e (i32.sub (local.get $e) (i32.const 1)))))
        (i32.store (local.get $rec) (local.get $s))
        (i32.store offset=28 (local.get $rec) (local.get $e))
        (if (i32.eqz (call $layout (local.get $s) (local.get $e) (local.get $rec)))
          (then (i32.store offset=4 (local.get $rec) (i32.const -1))))
        (local.set $rec (i32.add (local.get $rec) (i32.const 32)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $s (i32.add (local.get $j) (i32.const 1)))
        (br $line)))
    (global.set $next (local.get $s))
    (local.get $n))
)
