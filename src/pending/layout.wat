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
;;   [0] line start  [1] state: -1 not this layout, 0 over, 1 waiting, 2 read here whole (over,
;;   or waiting and its args accepted), 3 waiting and its args not surely accepted  [2] name start
;;   [3] name end
;;   [4] the name's hash  [5] args start  [6] args end  [7] line end (before any \r)
;; then the args tests ./quick-args.ts compiles (`args` runs them) and the names they are for,
;; then the table of those names (`$quick`), then the lines' bytes.
;;
;; The args tests run here for the same reason: per job, as JavaScript closures, they were about
;; half of a 100,000-job queue's reading, most of it before V8 had optimized them.
(module
  ;; From ./line-reader.ts, over the same bytes: whether `[start, end)` spells a document ID
  ;; (document-id.ts `documentIdTableAt`: 1 or 0).
  (import "js" "isId" (func $isId (param i32 i32) (result i32)))
  (memory (export "memory") 5)
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
  ;; The scalars' words (scan.ts `scalarEnd`).
  (data (i32.const 288) "true")                           ;; 4
  (data (i32.const 296) "false")                          ;; 5
  (data (i32.const 304) "null")                           ;; 4
  (data (i32.const 312) "NaN")                            ;; 3
  (data (i32.const 320) "Infinity")                       ;; 8
  (data (i32.const 336) "Bytes(\22")                      ;; 7

  ;; Set by `lines`: where the first line it did not read starts.
  (global $next (export "next") (mut i32) (i32.const 0))
  ;; Set by `$scalarEnd`: what it read (scan.ts `Scalar`: 1 number, 2 NaN/±Infinity, 3 int64,
  ;; 4 true, 5 false, 6 null, 7 bytes).
  (global $kind (mut i32) (i32.const 0))
  ;; Set by `$keyValueStart`: the index after the key's closing quote.
  (global $keyEnd (mut i32) (i32.const 0))
  ;; Finished jobs `lines` read whole from their bytes (their records' state 2), for the caller.
  (global $over (export "over") (mut i32) (i32.const 0))

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

  ;; A waiting job's args, when its function's name is in the table at `names` (registered by
  ;; ./line-reader.ts: 2048 slots of 32 bytes, [0] the name's hash + 1 (0: empty), [4] its bytes'
  ;; address, [8] their length, [12] its args test (-1: none), [16] the jobs it accepted): tested
  ;; here, the record's state set to 2 (accepted, counted in the slot) or 3 (not sure: read whole).
  ;; A name not in the table stays 1, for the caller.
  (func $quick (param $rec i32) (param $names i32)
    (local $hash i32) (local $slot i32) (local $s i32) (local $start i32) (local $len i32)
    (local $program i32) (local $end i32)
    (local.set $hash (i32.load offset=16 (local.get $rec)))
    (local.set $start (i32.load offset=8 (local.get $rec)))
    (local.set $len (i32.sub (i32.load offset=12 (local.get $rec)) (local.get $start)))
    (local.set $slot (i32.and (local.get $hash) (i32.const 2047)))
    (loop $probe
      (local.set $s (i32.add (local.get $names) (i32.shl (local.get $slot) (i32.const 5))))
      (if (i32.eqz (i32.load (local.get $s))) (then (return)))
      (if (i32.and
            (i32.eq (i32.load (local.get $s)) (i32.add (local.get $hash) (i32.const 1)))
            (i32.eq (i32.load offset=8 (local.get $s)) (local.get $len)))
        (then
          (if (call $same (local.get $start) (i32.load offset=4 (local.get $s)) (local.get $len))
            (then
              (local.set $program (i32.load offset=12 (local.get $s)))
              (local.set $end (i32.load offset=24 (local.get $rec)))
              ;; (Not `i32.and`: both its operands run, and -1 is no test to run.)
              (if (i32.lt_s (local.get $program) (i32.const 0))
                (then
                  (i32.store offset=4 (local.get $rec) (i32.const 3))
                  (return)))
              (if (i32.eq
                    (call $check (local.get $program) (i32.load offset=20 (local.get $rec)) (local.get $end))
                    (local.get $end))
                (then
                  (i32.store offset=16 (local.get $s) (i32.add (i32.load offset=16 (local.get $s)) (i32.const 1)))
                  (i32.store offset=4 (local.get $rec) (i32.const 2)))
                (else (i32.store offset=4 (local.get $rec) (i32.const 3))))
              (return)))))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 2047)))
      (br $probe)))

  ;; Reads the lines of [from, to) that end in `\n`, at most `max` of them, into records from `rec`;
  ;; returns how many, and sets `next` to where the first line not read starts. Waiting jobs of the
  ;; functions in the table at `names` have their args tested on the way (`$quick`).
  (func (export "lines") (param $from i32) (param $to i32) (param $rec i32) (param $max i32) (param $names i32) (result i32)
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
        (if (call $layout (local.get $s) (local.get $e) (local.get $rec))
          (then
            (if (i32.eq (i32.load offset=4 (local.get $rec)) (i32.const 1))
              (then (call $quick (local.get $rec) (local.get $names)))
              ;; Finished: its args need only read to where the layout says they end.
              (else
                (if (i32.eq
                      (call $valueEnd (i32.load offset=20 (local.get $rec)) (local.get $e) (i32.const 0))
                      (i32.load offset=24 (local.get $rec)))
                  (then
                    (i32.store offset=4 (local.get $rec) (i32.const 2))
                    (global.set $over (i32.add (global.get $over) (i32.const 1))))))))
          (else (i32.store offset=4 (local.get $rec) (i32.const -1))))
        (local.set $rec (i32.add (local.get $rec) (i32.const 32)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $s (i32.add (local.get $j) (i32.const 1)))
        (br $line)))
    (global.set $next (local.get $s))
    (local.get $n))

  ;; ---- A job's args, tested against its function's validators (./quick-args.ts compiles them).
  ;; Each test answers the index after the value when it accepts it, else -1: "not sure", never
  ;; "rejected" (the line is then parsed whole, and accepts.ts judges it). The grammar is scan.ts's.

  ;; The first byte at or after `i` that is not JSON whitespace.
  (func $ws (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done
          (i32.eqz
            (i32.or
              (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
              (i32.or (i32.eq (local.get $c) (i32.const 13)) (i32.eq (local.get $c) (i32.const 10))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  ;; After the string at `i` with no escape and no control character, else -1 (`plainStringEnd`).
  (func $plainEnd (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (block $unsure
      (loop $char
        (br_if $unsure (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 34)) (then (return (i32.add (local.get $i) (i32.const 1)))))
        (br_if $unsure (i32.or (i32.eq (local.get $c) (i32.const 92)) (i32.lt_u (local.get $c) (i32.const 32))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $char)))
    (i32.const -1))

  ;; Do the `n` bytes at `lit` sit at `i`, before `end`? (`bytesAt`)
  (func $at (param $i i32) (param $end i32) (param $lit i32) (param $n i32) (result i32)
    (if (i32.gt_s (i32.add (local.get $i) (local.get $n)) (local.get $end)) (then (return (i32.const 0))))
    (call $same (local.get $i) (local.get $lit) (local.get $n)))

  ;; The word at `lit` at `i`: after it, setting `$kind`, or -1.
  (func $word (param $i i32) (param $end i32) (param $lit i32) (param $n i32) (param $k i32) (result i32)
    (if (i32.eqz (call $at (local.get $i) (local.get $end) (local.get $lit) (local.get $n)))
      (then (return (i32.const -1))))
    (global.set $kind (local.get $k))
    (i32.add (local.get $i) (local.get $n)))

  ;; After the scalar at `i`, setting `$kind`, or -1 (`scalarEnd`).
  (func $scalarEnd (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $j i32) (local $d i32)
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 116))
      (then (return (call $word (local.get $i) (local.get $end) (i32.const 288) (i32.const 4) (i32.const 4)))))
    (if (i32.eq (local.get $c) (i32.const 102))
      (then (return (call $word (local.get $i) (local.get $end) (i32.const 296) (i32.const 5) (i32.const 5)))))
    (if (i32.eq (local.get $c) (i32.const 110))
      (then (return (call $word (local.get $i) (local.get $end) (i32.const 304) (i32.const 4) (i32.const 6)))))
    (if (i32.eq (local.get $c) (i32.const 78))
      (then (return (call $word (local.get $i) (local.get $end) (i32.const 312) (i32.const 3) (i32.const 2)))))
    (if (i32.eq (local.get $c) (i32.const 73))
      (then (return (call $word (local.get $i) (local.get $end) (i32.const 320) (i32.const 8) (i32.const 2)))))
    (if (i32.eq (local.get $c) (i32.const 66))
      (then
        (if (i32.eqz (call $at (local.get $i) (local.get $end) (i32.const 336) (i32.const 7)))
          (then (return (i32.const -1))))
        ;; Base64 and its padding.
        (local.set $j (i32.add (local.get $i) (i32.const 7)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_s (local.get $j) (local.get $end)))
            (local.set $d (i32.load8_u (local.get $j)))
            (br_if $done
              (i32.eqz
                (i32.or
                  (i32.or
                    (i32.lt_u (i32.sub (local.get $d) (i32.const 65)) (i32.const 26))
                    (i32.lt_u (i32.sub (local.get $d) (i32.const 97)) (i32.const 26)))
                  (i32.or
                    (i32.lt_u (i32.sub (local.get $d) (i32.const 48)) (i32.const 10))
                    (i32.or
                      (i32.or (i32.eq (local.get $d) (i32.const 43)) (i32.eq (local.get $d) (i32.const 47)))
                      (i32.eq (local.get $d) (i32.const 61)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next)))
        (if (i32.gt_s (i32.add (local.get $j) (i32.const 2)) (local.get $end)) (then (return (i32.const -1))))
        (if (i32.ne (i32.load8_u (local.get $j)) (i32.const 34)) (then (return (i32.const -1))))
        (if (i32.ne (i32.load8_u (i32.add (local.get $j) (i32.const 1))) (i32.const 41)) (then (return (i32.const -1))))
        (global.set $kind (i32.const 7))
        (return (i32.add (local.get $j) (i32.const 2)))))
    (local.set $j (local.get $i))
    (if (i32.eq (local.get $c) (i32.const 45))
      (then
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 73))
          (then (return (call $word (local.get $j) (local.get $end) (i32.const 320) (i32.const 8) (i32.const 2)))))))
    (local.set $d (call $digits (local.get $j) (local.get $end)))
    (if (i32.eq (local.get $d) (local.get $j)) (then (return (i32.const -1))))
    ;; The printer's int64: any run of digits before the `n`.
    (if (i32.and
          (i32.lt_s (local.get $d) (local.get $end))
          (i32.eq (i32.load8_u (local.get $d)) (i32.const 110)))
      (then
        (global.set $kind (i32.const 3))
        (return (i32.add (local.get $d) (i32.const 1)))))
    (local.set $j (call $numberEnd (local.get $i) (local.get $end)))
    (if (i32.lt_s (local.get $j) (i32.const 0)) (then (return (i32.const -1))))
    (global.set $kind (i32.const 1))
    (local.get $j))

  ;; At the key at `i`: the start of its value after the colon, setting `$keyEnd`, or -1. Only a
  ;; plain key that is not a `$` encoding (`keyValueStart`).
  (func $keyValueStart (param $i i32) (param $end i32) (result i32)
    (local $k i32)
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 34)) (then (return (i32.const -1))))
    (if (i32.eq (i32.load8_u (i32.add (local.get $i) (i32.const 1))) (i32.const 36)) (then (return (i32.const -1))))
    (local.set $k (call $plainEnd (local.get $i) (local.get $end)))
    (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const -1))))
    (global.set $keyEnd (local.get $k))
    (local.set $k (call $ws (local.get $k) (local.get $end)))
    (if (i32.ge_s (local.get $k) (local.get $end)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (local.get $k)) (i32.const 58)) (then (return (i32.const -1))))
    (call $ws (i32.add (local.get $k) (i32.const 1)) (local.get $end)))

  ;; After the separator that follows a member at `i`: `,` gives the next member's start (>= 0,
  ;; `$closed` unset), `close` the index after it (`$closed` set); anything else -1.
  (global $closed (mut i32) (i32.const 0))
  (func $separator (param $i i32) (param $end i32) (param $close i32) (result i32)
    (local $c i32)
    (local.set $i (call $ws (local.get $i) (local.get $end)))
    (if (i32.ge_s (local.get $i) (local.get $end)) (then (return (i32.const -1))))
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 44))
      (then
        (global.set $closed (i32.const 0))
        (return (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))))
    (if (i32.eq (local.get $c) (local.get $close))
      (then
        (global.set $closed (i32.const 1))
        (return (i32.add (local.get $i) (i32.const 1)))))
    (i32.const -1))

  ;; After any value at `i` (scan.ts `valueEnd`), or -1; -1 too past 256 levels of nesting, which
  ;; the full parse then reads (recursing further could end the thread's stack).
  (func $valueEnd (param $i i32) (param $end i32) (param $depth i32) (result i32)
    (local $c i32) (local $close i32)
    (if (i32.ge_s (local.get $i) (local.get $end)) (then (return (i32.const -1))))
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 34)) (then (return (call $stringEnd (local.get $i) (local.get $end)))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 123)) (i32.ne (local.get $c) (i32.const 91)))
      (then (return (call $scalarEnd (local.get $i) (local.get $end)))))
    (if (i32.ge_u (local.get $depth) (i32.const 256)) (then (return (i32.const -1))))
    (local.set $close (i32.add (local.get $c) (i32.const 2)))
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
    (if (i32.and
          (i32.lt_s (local.get $i) (local.get $end))
          (i32.eq (i32.load8_u (local.get $i)) (local.get $close)))
      (then (return (i32.add (local.get $i) (i32.const 1)))))
    (loop $member
      (if (i32.eq (local.get $c) (i32.const 123))
        (then
          (local.set $i (call $keyValueStart (local.get $i) (local.get $end)))
          (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))))
      (local.set $i (call $valueEnd (local.get $i) (local.get $end) (i32.add (local.get $depth) (i32.const 1))))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $i (call $separator (local.get $i) (local.get $end) (local.get $close)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (if (global.get $closed) (then (return (local.get $i))))
      (br $member))
    (unreachable))

  ;; The test compiled at `node` (./quick-args.ts: op, then its operands, i32 each) on the value at
  ;; `i`: the index after it when accepted, else -1.
  (func $check (export "args") (param $node i32) (param $i i32) (param $end i32) (result i32)
    (local $j i32) (local $n i32) (local $k i32) (local $field i32) (local $start i32)
    (local $seen i64) (local $bit i64) (local $present i32)
    (block $object (block $record (block $array (block $union (block $literal
    (block $never (block $id (block $string (block $scalar (block $any
      (br_table $any $scalar $string $id $never $literal $union $array $record $object $never
        (i32.load (local.get $node))))
    ;; 0 any
    (return (call $valueEnd (local.get $i) (local.get $end) (i32.const 0))))
    ;; 1 scalar, of kind a or b
    (local.set $j (call $scalarEnd (local.get $i) (local.get $end)))
    (if (i32.lt_s (local.get $j) (i32.const 0)) (then (return (i32.const -1))))
    (if (i32.or
          (i32.eq (global.get $kind) (i32.load offset=4 (local.get $node)))
          (i32.eq (global.get $kind) (i32.load offset=8 (local.get $node))))
      (then (return (local.get $j))))
    (return (i32.const -1)))
    ;; 2 string
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 34)) (then (return (i32.const -1))))
    (return (call $stringEnd (local.get $i) (local.get $end))))
    ;; 3 a document ID, printed without an escape
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 34)) (then (return (i32.const -1))))
    (local.set $j (call $plainEnd (local.get $i) (local.get $end)))
    (if (i32.lt_s (local.get $j) (i32.const 0)) (then (return (i32.const -1))))
    (if (call $isId (i32.add (local.get $i) (i32.const 1)) (i32.sub (local.get $j) (i32.const 1)))
      (then (return (local.get $j))))
    (return (i32.const -1)))
    ;; 4 never
    (return (i32.const -1)))
    ;; 5 literal: its printed bytes at [addr, addr + length)
    (local.set $n (i32.load offset=8 (local.get $node)))
    (if (call $at (local.get $i) (local.get $end) (i32.load offset=4 (local.get $node)) (local.get $n))
      (then (return (i32.add (local.get $i) (local.get $n)))))
    (return (i32.const -1)))
    ;; 6 union: count, then each member's node
    (local.set $n (i32.load offset=4 (local.get $node)))
    (block $none
      (loop $member
        (br_if $none (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $j
          (call $check
            (i32.load offset=8 (i32.add (local.get $node) (i32.shl (local.get $k) (i32.const 2))))
            (local.get $i) (local.get $end)))
        (if (i32.ge_s (local.get $j) (i32.const 0)) (then (return (local.get $j))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $member)))
    (return (i32.const -1)))
    ;; 7 array: the items' node
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 91)) (then (return (i32.const -1))))
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
    (if (i32.and
          (i32.lt_s (local.get $i) (local.get $end))
          (i32.eq (i32.load8_u (local.get $i)) (i32.const 93)))
      (then (return (i32.add (local.get $i) (i32.const 1)))))
    (loop $item
      (local.set $i (call $check (i32.load offset=4 (local.get $node)) (local.get $i) (local.get $end)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $i (call $separator (local.get $i) (local.get $end) (i32.const 93)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (if (global.get $closed) (then (return (local.get $i))))
      (br $item))
    (unreachable))
    ;; 8 record: the keys' node, the values' node; a key is tested as the string it is
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 123)) (then (return (i32.const -1))))
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
    (if (i32.and
          (i32.lt_s (local.get $i) (local.get $end))
          (i32.eq (i32.load8_u (local.get $i)) (i32.const 125)))
      (then (return (i32.add (local.get $i) (i32.const 1)))))
    (loop $entry
      (local.set $start (local.get $i))
      (local.set $i (call $keyValueStart (local.get $i) (local.get $end)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $k (global.get $keyEnd))
      (if (i32.ne
            (call $check (i32.load offset=4 (local.get $node)) (local.get $start) (local.get $k))
            (local.get $k))
        (then (return (i32.const -1))))
      (local.set $i (call $check (i32.load offset=8 (local.get $node)) (local.get $i) (local.get $end)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $i (call $separator (local.get $i) (local.get $end) (i32.const 125)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (if (global.get $closed) (then (return (local.get $i))))
      (br $entry))
    (unreachable))
    ;; 9 object: field count, required count, then per field its printed key's address and
    ;; length, 1 if optional, its node. A key not among them, or twice, is not sure.
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 123)) (then (return (i32.const -1))))
    (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
    (if (i32.and
          (i32.lt_s (local.get $i) (local.get $end))
          (i32.eq (i32.load8_u (local.get $i)) (i32.const 125)))
      (then
        (if (i32.load offset=8 (local.get $node)) (then (return (i32.const -1))))
        (return (i32.add (local.get $i) (i32.const 1)))))
    (local.set $n (i32.load offset=4 (local.get $node)))
    (loop $member
      (local.set $start (local.get $i))
      (local.set $i (call $keyValueStart (local.get $i) (local.get $end)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $j (i32.sub (global.get $keyEnd) (local.get $start)))
      (local.set $k (i32.const 0))
      (block $found
        (loop $find
          (if (i32.ge_u (local.get $k) (local.get $n)) (then (return (i32.const -1))))
          (local.set $field (i32.add (i32.add (local.get $node) (i32.const 12)) (i32.shl (local.get $k) (i32.const 4))))
          ;; (The length first: `$same` reads that many bytes at the field's key.)
          (if (i32.eq (i32.load offset=4 (local.get $field)) (local.get $j))
            (then
              (br_if $found (call $same (local.get $start) (i32.load (local.get $field)) (local.get $j)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $find)))
      (local.set $bit (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $k))))
      (if (i64.ne (i64.and (local.get $seen) (local.get $bit)) (i64.const 0)) (then (return (i32.const -1))))
      (local.set $seen (i64.or (local.get $seen) (local.get $bit)))
      (if (i32.eqz (i32.load offset=8 (local.get $field)))
        (then (local.set $present (i32.add (local.get $present) (i32.const 1)))))
      (local.set $i (call $check (i32.load offset=12 (local.get $field)) (local.get $i) (local.get $end)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $i (call $separator (local.get $i) (local.get $end) (i32.const 125)))
      (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
      (if (global.get $closed)
        (then
          (if (i32.eq (local.get $present) (i32.load offset=8 (local.get $node)))
            (then (return (local.get $i))))
          (return (i32.const -1))))
      (br $member))
    (unreachable))
)
