;; The stamp's passes over full-resolution pixels in WebAssembly: the label's blends and the watermark's heavy
;; passes (kernel.ts loads them). Each has a TypeScript reference (blend.ts, raster.ts, embed.ts, fullResolution.ts)
;; and tests/provenance/pixelKernel.test.ts checks the two agree byte for byte. The arithmetic is the reference's:
;; the same integer formulas, float64 where it computes in doubles, float32 where it stores a Float32Array.
;; Build: npm run wasm:build (tools/build-wasm.ts writes kernelWasm.ts).
(module
  (memory (export "memory") 1)

  ;; overTranslucent(p, sr, sg, sb, sa): "over" onto an RGBA pixel that is not opaque (blend.ts overTranslucent):
  ;; dw = da · (255 − sa) / 255, oa = sa + dw, each channel = trunc((s · sa + d · dw) / oa + 0.5), alpha = trunc(oa + 0.5).
  (func $overTranslucent (param $p i32) (param $sr f64) (param $sg f64) (param $sb f64) (param $sa f64)
    (local $dw f64) (local $oa f64)
    (local.set $dw (f64.div (f64.mul (f64.convert_i32_u (i32.load8_u offset=3 (local.get $p))) (f64.sub (f64.const 255) (local.get $sa))) (f64.const 255)))
    (local.set $oa (f64.add (local.get $sa) (local.get $dw)))
    (i32.store8 (local.get $p)
      (i32.trunc_f64_s (f64.add (f64.div (f64.add (f64.mul (local.get $sr) (local.get $sa)) (f64.mul (f64.convert_i32_u (i32.load8_u (local.get $p))) (local.get $dw))) (local.get $oa)) (f64.const 0.5))))
    (i32.store8 offset=1 (local.get $p)
      (i32.trunc_f64_s (f64.add (f64.div (f64.add (f64.mul (local.get $sg) (local.get $sa)) (f64.mul (f64.convert_i32_u (i32.load8_u offset=1 (local.get $p))) (local.get $dw))) (local.get $oa)) (f64.const 0.5))))
    (i32.store8 offset=2 (local.get $p)
      (i32.trunc_f64_s (f64.add (f64.div (f64.add (f64.mul (local.get $sb) (local.get $sa)) (f64.mul (f64.convert_i32_u (i32.load8_u offset=2 (local.get $p))) (local.get $dw))) (local.get $oa)) (f64.const 0.5))))
    (i32.store8 offset=3 (local.get $p) (i32.trunc_f64_s (f64.add (local.get $oa) (f64.const 0.5)))))

  ;; div255(v) = floor(v / 255) for 0 ≤ v < 65 536: (v · 0x8081) >> 23, the product taken modulo 2³² (it stays below).
  (func $div255 (param $v i32) (result i32)
    (i32.shr_u (i32.mul (local.get $v) (i32.const 0x8081)) (i32.const 23)))

  ;; blendSparse(px, indices, rgba, n): blend.ts blendSparse. n layer pixels: indices (uint32) into the RGBA pixels
  ;; at px, rgba their straight colour. Over an opaque pixel each channel is div255(s · sa + 127 + d · (255 − sa)).
  (func (export "blendSparse") (param $px i32) (param $indices i32) (param $rgba i32) (param $n i32)
    (local $k i32) (local $p i32) (local $q i32) (local $sa i32) (local $ia i32) (local $v i32) (local $src i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $p (i32.add (local.get $px) (i32.shl (i32.load (i32.add (local.get $indices) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))))
        (local.set $q (i32.add (local.get $rgba) (i32.shl (local.get $k) (i32.const 2))))
        ;; source and destination pixels as words: R in the low byte
        (local.set $src (i32.load (local.get $q)))
        (local.set $sa (i32.shr_u (local.get $src) (i32.const 24)))
        (local.set $v (i32.load (local.get $p)))
        (if (i32.and (i32.ne (i32.shr_u (local.get $v) (i32.const 24)) (i32.const 255)) (i32.ne (local.get $sa) (i32.const 255)))
          (then
            (call $overTranslucent (local.get $p)
              (f64.convert_i32_u (i32.and (local.get $src) (i32.const 255)))
              (f64.convert_i32_u (i32.and (i32.shr_u (local.get $src) (i32.const 8)) (i32.const 255)))
              (f64.convert_i32_u (i32.and (i32.shr_u (local.get $src) (i32.const 16)) (i32.const 255)))
              (f64.convert_i32_u (local.get $sa))))
          (else
            (local.set $ia (i32.sub (i32.const 255) (local.get $sa)))
            (i32.store (local.get $p)
              (i32.or
                (i32.or
                  (select (i32.const 0xff000000) (i32.and (local.get $v) (i32.const 0xff000000)) (i32.eq (local.get $sa) (i32.const 255)))
                  (i32.shl (call $overChannel (i32.shr_u (local.get $src) (i32.const 16)) (i32.shr_u (local.get $v) (i32.const 16)) (local.get $sa) (local.get $ia)) (i32.const 16)))
                (i32.or
                  (i32.shl (call $overChannel (i32.shr_u (local.get $src) (i32.const 8)) (i32.shr_u (local.get $v) (i32.const 8)) (local.get $sa) (local.get $ia)) (i32.const 8))
                  (call $overChannel (local.get $src) (local.get $v) (local.get $sa) (local.get $ia)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; overChannel(s, d, sa, ia): div255((s & 255) · sa + 127 + (d & 255) · ia), one channel over an opaque pixel.
  (func $overChannel (param $s i32) (param $d i32) (param $sa i32) (param $ia i32) (result i32)
    (call $div255
      (i32.add
        (i32.add (i32.mul (i32.and (local.get $s) (i32.const 255)) (local.get $sa)) (i32.const 127))
        (i32.mul (i32.and (local.get $d) (i32.const 255)) (local.get $ia)))))

  ;; overPixel(p, q): blend.ts `over` for one pixel: the RGBA source at q onto the RGBA pixel at p.
  (func $overPixel (param $p i32) (param $q i32)
    (local $sa i32) (local $ia i32)
    (local.set $sa (i32.load8_u offset=3 (local.get $q)))
    (if (i32.eqz (local.get $sa)) (then (return)))
    (if (i32.and (i32.ne (i32.load8_u offset=3 (local.get $p)) (i32.const 255)) (i32.ne (local.get $sa) (i32.const 255)))
      (then
        (call $overTranslucent (local.get $p)
          (f64.convert_i32_u (i32.load8_u (local.get $q))) (f64.convert_i32_u (i32.load8_u offset=1 (local.get $q)))
          (f64.convert_i32_u (i32.load8_u offset=2 (local.get $q))) (f64.convert_i32_u (local.get $sa)))
        (return)))
    (local.set $ia (i32.sub (i32.const 255) (local.get $sa)))
    (i32.store8 (local.get $p)
      (call $div255 (i32.add (i32.add (i32.mul (i32.load8_u (local.get $q)) (local.get $sa)) (i32.mul (i32.load8_u (local.get $p)) (local.get $ia))) (i32.const 127))))
    (i32.store8 offset=1 (local.get $p)
      (call $div255 (i32.add (i32.add (i32.mul (i32.load8_u offset=1 (local.get $q)) (local.get $sa)) (i32.mul (i32.load8_u offset=1 (local.get $p)) (local.get $ia))) (i32.const 127))))
    (i32.store8 offset=2 (local.get $p)
      (call $div255 (i32.add (i32.add (i32.mul (i32.load8_u offset=2 (local.get $q)) (local.get $sa)) (i32.mul (i32.load8_u offset=2 (local.get $p)) (local.get $ia))) (i32.const 127))))
    (if (i32.eq (local.get $sa) (i32.const 255)) (then (i32.store8 offset=3 (local.get $p) (i32.const 255)))))

  ;; overChannels(s, d, sa): for 8 16-bit lanes, div255(s · sa + d · (255 − sa) + 127), with div255(x) computed as
  ;; (x + 1 + (x >> 8)) >> 8, exact for x < 65 535 (here x ≤ 65 152, so nothing wraps).
  (func $overChannels (param $s v128) (param $d v128) (param $sa v128) (result v128)
    (local $x v128)
    (local.set $x
      (i16x8.add
        (i16x8.add
          (i16x8.mul (local.get $s) (local.get $sa))
          (i16x8.mul (local.get $d) (i16x8.sub (v128.const i16x8 255 255 255 255 255 255 255 255) (local.get $sa))))
        (v128.const i16x8 127 127 127 127 127 127 127 127)))
    (i16x8.shr_u
      (i16x8.add (i16x8.add (local.get $x) (v128.const i16x8 1 1 1 1 1 1 1 1)) (i16x8.shr_u (local.get $x) (i32.const 8)))
      (i32.const 8)))

  ;; blendBlock(px, imageWidth, block, bw, bh, left, top): blend.ts blendBlock, a bw × bh RGBA block "over" the
  ;; RGBA pixels at px with its top-left corner at (left, top), which the caller has checked lies inside. Four
  ;; pixels at a time where none needs the translucent case (a partly transparent source over a partly transparent
  ;; pixel); those groups, and each row's last bw % 4 pixels, one pixel at a time.
  (func (export "blendBlock") (param $px i32) (param $imageWidth i32) (param $block i32) (param $bw i32) (param $bh i32) (param $left i32) (param $top i32)
    (local $x i32) (local $y i32) (local $p i32) (local $q i32) (local $bw4 i32) (local $i i32)
    (local $s v128) (local $d v128) (local $sa v128) (local $da v128) (local $rgb v128)
    (local.set $bw4 (i32.and (local.get $bw) (i32.const -4)))
    (local.set $q (local.get $block))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $bh)))
        (local.set $p (i32.add (local.get $px) (i32.shl (i32.add (i32.mul (i32.add (local.get $top) (local.get $y)) (local.get $imageWidth)) (local.get $left)) (i32.const 2))))
        (local.set $x (i32.const 0))
        (block $groupsDone
          (loop $group
            (br_if $groupsDone (i32.ge_u (local.get $x) (local.get $bw4)))
            (local.set $s (v128.load (local.get $q)))
            (local.set $d (v128.load (local.get $p)))
            ;; each pixel's source and destination alpha in all four of its bytes
            (local.set $sa (i8x16.swizzle (local.get $s) (v128.const i8x16 3 3 3 3 7 7 7 7 11 11 11 11 15 15 15 15)))
            (local.set $da (i8x16.swizzle (local.get $d) (v128.const i8x16 3 3 3 3 7 7 7 7 11 11 11 11 15 15 15 15)))
            (if (v128.any_true
                  (v128.and
                    (v128.and
                      (i8x16.ne (local.get $sa) (v128.const i32x4 0 0 0 0))
                      (i8x16.ne (local.get $sa) (v128.const i32x4 -1 -1 -1 -1)))
                    (i8x16.ne (local.get $da) (v128.const i32x4 -1 -1 -1 -1))))
              (then
                (local.set $i (i32.const 0))
                (block $pixelsDone
                  (loop $pixel
                    (br_if $pixelsDone (i32.ge_u (local.get $i) (i32.const 16)))
                    (call $overPixel (i32.add (local.get $p) (local.get $i)) (i32.add (local.get $q) (local.get $i)))
                    (local.set $i (i32.add (local.get $i) (i32.const 4)))
                    (br $pixel))))
              (else
                ;; R, G, B by the formula (a zero source alpha gives the destination back); alpha from the
                ;; destination, 255 under an opaque source
                (local.set $rgb
                  (i8x16.narrow_i16x8_u
                    (call $overChannels (i16x8.extend_low_i8x16_u (local.get $s)) (i16x8.extend_low_i8x16_u (local.get $d)) (i16x8.extend_low_i8x16_u (local.get $sa)))
                    (call $overChannels (i16x8.extend_high_i8x16_u (local.get $s)) (i16x8.extend_high_i8x16_u (local.get $d)) (i16x8.extend_high_i8x16_u (local.get $sa)))))
                (v128.store (local.get $p)
                  (v128.or
                    (v128.bitselect (local.get $d) (local.get $rgb) (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000))
                    (v128.and (i8x16.eq (local.get $sa) (v128.const i32x4 -1 -1 -1 -1)) (v128.const i32x4 0xff000000 0xff000000 0xff000000 0xff000000))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $group)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $bw)))
            (call $overPixel (local.get $p) (local.get $q))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $nextRow))))

  ;; lumaCells(px, width, rows, stride, xs, cells, acc, sums): for one row of cells of the work grid, the luma of
  ;; every RGBA pixel as the integer 299·R + 587·G + 114·B, summed down the `rows` pixel rows at px (stride bytes
  ;; apart) into acc (int32 per column: exact, rows < 8 400), then along each cell's columns xs[c] .. xs[c + 1]
  ;; into sums (float64 per cell, exact). Row by row, four columns at a time: each pixel's bytes widened to 16 bits
  ;; and dotted with the weights.
  (func (export "lumaCells") (param $px i32) (param $width i32) (param $rows i32) (param $stride i32) (param $xs i32) (param $cells i32) (param $acc i32) (param $sums i32)
    (local $x i32) (local $w4 i32) (local $row i32) (local $y i32) (local $v v128) (local $d0 v128) (local $d1 v128)
    (local $p i32) (local $c i32) (local $x1 i32) (local $cell i64)
    (local.set $w4 (i32.and (local.get $width) (i32.const -4)))
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $width) (i32.const 2)))
    (local.set $row (local.get $px))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $x (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $w4)))
            (local.set $v (v128.load (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2)))))
            ;; [299·R + 587·G, 114·B] for pixels 0, 1 and then 2, 3
            (local.set $d0 (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $v)) (v128.const i16x8 299 587 114 0 299 587 114 0)))
            (local.set $d1 (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $v)) (v128.const i16x8 299 587 114 0 299 587 114 0)))
            (v128.store (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2)))
              (i32x4.add (v128.load (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2))))
                (i32x4.add
                  (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $d0) (local.get $d1))
                  (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $d0) (local.get $d1)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $next)))
        ;; the last width % 4 columns, one at a time
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $width)))
            (local.set $p (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 2))))
            (i32.store (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2)))
              (i32.add (i32.load (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2))))
                (i32.add
                  (i32.add
                    (i32.mul (i32.load8_u (local.get $p)) (i32.const 299))
                    (i32.mul (i32.load8_u offset=1 (local.get $p)) (i32.const 587)))
                  (i32.mul (i32.load8_u offset=2 (local.get $p)) (i32.const 114)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next)))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $nextRow)))
    ;; per cell: the sum of its columns
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $cells)))
        (local.set $p (i32.load (i32.add (local.get $xs) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $x1 (i32.load offset=4 (i32.add (local.get $xs) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $cell (i64.const 0))
        (block $columnsDone
          (loop $column
            (br_if $columnsDone (i32.ge_u (local.get $p) (local.get $x1)))
            (local.set $cell (i64.add (local.get $cell) (i64.extend_i32_u (i32.load (i32.add (local.get $acc) (i32.shl (local.get $p) (i32.const 2)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $column)))
        (f64.store (i32.add (local.get $sums) (i32.shl (local.get $c) (i32.const 3))) (f64.convert_i64_u (local.get $cell)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $next))))

  ;; boxMean(src, w, h, r, sat, out): the mean over a (2r+1)² window of a float32 plane, edges clamped, through a
  ;; float64 summed-area table of (w + 1) × (h + 1) at sat: raster.ts boxMean, operation for operation.
  (func $boxMean (param $src i32) (param $w i32) (param $h i32) (param $r i32) (param $sat i32) (param $out i32)
    (local $y i32) (local $x i32) (local $row f64) (local $stride i32) (local $at i32)
    (local $x0 i32) (local $x1 i32) (local $y0 i32) (local $y1 i32)
    (local.set $stride (i32.shl (i32.add (local.get $w) (i32.const 1)) (i32.const 3)))
    ;; the table's first row and first column are zero
    (memory.fill (local.get $sat) (i32.const 0) (local.get $stride))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $at (i32.add (local.get $sat) (i32.mul (i32.add (local.get $y) (i32.const 1)) (local.get $stride))))
        (f64.store (local.get $at) (f64.const 0))
        (local.set $row (f64.const 0))
        (local.set $x (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $row
              (f64.add (local.get $row)
                (f64.promote_f32 (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)) (i32.const 2)))))))
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (f64.store (local.get $at) (f64.add (f64.load (i32.sub (local.get $at) (local.get $stride))) (local.get $row)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $nextRow)))
    (local.set $y (i32.const 0))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $y0 (select (i32.const 0) (i32.sub (local.get $y) (local.get $r)) (i32.lt_s (i32.sub (local.get $y) (local.get $r)) (i32.const 0))))
        (local.set $y1 (select (local.get $h) (i32.add (i32.add (local.get $y) (local.get $r)) (i32.const 1)) (i32.gt_s (i32.add (i32.add (local.get $y) (local.get $r)) (i32.const 1)) (local.get $h))))
        (local.set $x (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $x0 (select (i32.const 0) (i32.sub (local.get $x) (local.get $r)) (i32.lt_s (i32.sub (local.get $x) (local.get $r)) (i32.const 0))))
            (local.set $x1 (select (local.get $w) (i32.add (i32.add (local.get $x) (local.get $r)) (i32.const 1)) (i32.gt_s (i32.add (i32.add (local.get $x) (local.get $r)) (i32.const 1)) (local.get $w))))
            ;; (sat[y1][x1] − sat[y0][x1] − sat[y1][x0] + sat[y0][x0]) / ((x1 − x0) · (y1 − y0))
            (f32.store
              (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)) (i32.const 2)))
              (f32.demote_f64
                (f64.div
                  (f64.add
                    (f64.sub
                      (f64.sub
                        (f64.load (i32.add (local.get $sat) (i32.add (i32.mul (local.get $y1) (local.get $stride)) (i32.shl (local.get $x1) (i32.const 3)))))
                        (f64.load (i32.add (local.get $sat) (i32.add (i32.mul (local.get $y0) (local.get $stride)) (i32.shl (local.get $x1) (i32.const 3))))))
                      (f64.load (i32.add (local.get $sat) (i32.add (i32.mul (local.get $y1) (local.get $stride)) (i32.shl (local.get $x0) (i32.const 3))))))
                    (f64.load (i32.add (local.get $sat) (i32.add (i32.mul (local.get $y0) (local.get $stride)) (i32.shl (local.get $x0) (i32.const 3))))))
                  (f64.convert_i32_s (i32.mul (i32.sub (local.get $x1) (local.get $x0)) (i32.sub (local.get $y1) (local.get $y0)))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $nextRow))))

  ;; amplitudeMap(work, w, h, scratch, out, base, maskMin, maskMax, activityRef): embed.ts amplitudeMapReference, operation for
  ;; operation: activity = minFilter(boxMean(|work − boxMean(work, 1)|, 1), 2), then
  ;; out = base · min(maskMax, maskMin + activity / activityRef). scratch holds a summed-area table of
  ;; (w + 1) × (h + 1) float64 and three planes of w × h float32, in that order.
  (func (export "amplitudeMap") (param $work i32) (param $w i32) (param $h i32) (param $scratch i32) (param $out i32)
    (param $base f64) (param $maskMin f64) (param $maskMax f64) (param $activityRef f64)
    (local $plane i32) (local $a i32) (local $b i32) (local $c i32) (local $i i32) (local $n i32)
    (local.set $n (i32.mul (local.get $w) (local.get $h)))
    (local.set $plane (i32.shl (local.get $n) (i32.const 2)))
    (local.set $a (i32.add (local.get $scratch) (i32.mul (i32.mul (i32.add (local.get $w) (i32.const 1)) (i32.add (local.get $h) (i32.const 1))) (i32.const 8))))
    (local.set $b (i32.add (local.get $a) (local.get $plane)))
    (local.set $c (i32.add (local.get $b) (local.get $plane)))
    ;; a = boxMean(work, 1); b = |work − a|
    (call $boxMean (local.get $work) (local.get $w) (local.get $h) (i32.const 1) (local.get $scratch) (local.get $a))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $plane)))
        (f32.store (i32.add (local.get $b) (local.get $i))
          (f32.demote_f64 (f64.abs (f64.sub
            (f64.promote_f32 (f32.load (i32.add (local.get $work) (local.get $i))))
            (f64.promote_f32 (f32.load (i32.add (local.get $a) (local.get $i))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next)))
    ;; a = boxMean(b, 1); b = minFilter(a, 2) through c
    (call $boxMean (local.get $b) (local.get $w) (local.get $h) (i32.const 1) (local.get $scratch) (local.get $a))
    (call $minFilter (local.get $a) (local.get $w) (local.get $h) (i32.const 2) (local.get $c) (local.get $b))
    (local.set $i (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $plane)))
        (f32.store (i32.add (local.get $out) (local.get $i))
          (f32.demote_f64 (f64.mul (local.get $base)
            (f64.min (local.get $maskMax)
              (f64.add (local.get $maskMin) (f64.div (f64.promote_f32 (f32.load (i32.add (local.get $b) (local.get $i)))) (local.get $activityRef)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next))))

  ;; minFilter(src, w, h, r, tmp, out): the minimum over a (2r+1)² window of a float32 plane, edges clamped:
  ;; along rows into tmp, then along columns into out, four outputs at a time away from the edges.
  (func $minFilter (export "minFilter") (param $src i32) (param $w i32) (param $h i32) (param $r i32) (param $tmp i32) (param $out i32)
    (local $y i32) (local $x i32) (local $k i32) (local $lo i32) (local $hi i32) (local $row i32) (local $m f32) (local $mv v128)
    (local $w4 i32) (local $stride i32)
    ;; along rows: tmp[y][x] = min of src[y][max(0, x − r) .. min(w − 1, x + r)]
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $row (i32.add (local.get $src) (i32.shl (i32.mul (local.get $y) (local.get $w)) (i32.const 2))))
        (local.set $x (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $w)))
            ;; four outputs at once where their windows lie inside the row: the loads shifted one float at a time
            (if (i32.and (i32.ge_s (local.get $x) (local.get $r)) (i32.le_s (i32.add (i32.add (local.get $x) (local.get $r)) (i32.const 4)) (local.get $w)))
              (then
                (local.set $k (i32.sub (local.get $x) (local.get $r)))
                (local.set $hi (i32.add (local.get $x) (local.get $r)))
                (local.set $mv (v128.load (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 2)))))
                (block $windowDone
                  (loop $window
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br_if $windowDone (i32.gt_s (local.get $k) (local.get $hi)))
                    (local.set $mv (f32x4.min (local.get $mv) (v128.load (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 2))))))
                    (br $window)))
                (v128.store (i32.add (local.get $tmp) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)) (i32.const 2))) (local.get $mv))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $next)))
            (local.set $lo (select (i32.const 0) (i32.sub (local.get $x) (local.get $r)) (i32.lt_s (i32.sub (local.get $x) (local.get $r)) (i32.const 0))))
            (local.set $hi (select (i32.sub (local.get $w) (i32.const 1)) (i32.add (local.get $x) (local.get $r)) (i32.ge_s (i32.add (local.get $x) (local.get $r)) (local.get $w))))
            (local.set $m (f32.load (i32.add (local.get $row) (i32.shl (local.get $lo) (i32.const 2)))))
            (local.set $k (i32.add (local.get $lo) (i32.const 1)))
            (block $windowDone
              (loop $window
                (br_if $windowDone (i32.gt_s (local.get $k) (local.get $hi)))
                (local.set $m (f32.min (local.get $m) (f32.load (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 2))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $window)))
            (f32.store (i32.add (local.get $tmp) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)) (i32.const 2))) (local.get $m))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $nextRow)))
    ;; along columns: out[y][x] = min of tmp[max(0, y − r) .. min(h − 1, y + r)][x]
    (local.set $stride (i32.shl (local.get $w) (i32.const 2)))
    (local.set $w4 (i32.and (local.get $w) (i32.const -4)))
    (local.set $y (i32.const 0))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $lo (select (i32.const 0) (i32.sub (local.get $y) (local.get $r)) (i32.lt_s (i32.sub (local.get $y) (local.get $r)) (i32.const 0))))
        (local.set $hi (select (i32.sub (local.get $h) (i32.const 1)) (i32.add (local.get $y) (local.get $r)) (i32.ge_s (i32.add (local.get $y) (local.get $r)) (local.get $h))))
        (local.set $x (i32.const 0))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $w4)))
            (local.set $row (i32.add (local.get $tmp) (i32.add (i32.mul (local.get $lo) (local.get $stride)) (i32.shl (local.get $x) (i32.const 2)))))
            (local.set $mv (v128.load (local.get $row)))
            (local.set $k (i32.add (local.get $lo) (i32.const 1)))
            (block $windowDone
              (loop $window
                (br_if $windowDone (i32.gt_s (local.get $k) (local.get $hi)))
                (local.set $row (i32.add (local.get $row) (local.get $stride)))
                (local.set $mv (f32x4.min (local.get $mv) (v128.load (local.get $row))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $window)))
            (v128.store (i32.add (local.get $out) (i32.add (i32.mul (local.get $y) (local.get $stride)) (i32.shl (local.get $x) (i32.const 2)))) (local.get $mv))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $next)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $row (i32.add (local.get $tmp) (i32.add (i32.mul (local.get $lo) (local.get $stride)) (i32.shl (local.get $x) (i32.const 2)))))
            (local.set $m (f32.load (local.get $row)))
            (local.set $k (i32.add (local.get $lo) (i32.const 1)))
            (block $windowDone
              (loop $window
                (br_if $windowDone (i32.gt_s (local.get $k) (local.get $hi)))
                (local.set $row (i32.add (local.get $row) (local.get $stride)))
                (local.set $m (f32.min (local.get $m) (f32.load (local.get $row))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $window)))
            (f32.store (i32.add (local.get $out) (i32.add (i32.mul (local.get $y) (local.get $stride)) (i32.shl (local.get $x) (i32.const 2)))) (local.get $m))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $next)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $nextRow))))

  ;; upsampleRows(mark, workWidth, workHeight, k0, k1, frac, width, out): each work row of the float32 mark,
  ;; linearly interpolated along x to the image's width: out[v][x] = mark[v][k0[x]] * (1 - t) + mark[v][k1[x]] * t
  ;; with t = frac[x] (k0, k1 int32; frac float32).
  (func (export "upsampleRows") (param $mark i32) (param $ww i32) (param $wh i32) (param $k0 i32) (param $k1 i32) (param $frac i32) (param $width i32) (param $out i32)
    (local $row i32) (local $rowEnd i32) (local $x i32) (local $t f64)
    (local.set $row (local.get $mark))
    (local.set $rowEnd (i32.add (local.get $mark) (i32.shl (i32.mul (local.get $ww) (local.get $wh)) (i32.const 2))))
    (block $rowsDone
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
      (loop $nextRow
        (local.set $x (i32.const 0))
        (block $done
          (br_if $done (i32.ge_u (local.get $x) (local.get $width)))
          (loop $next
            (local.set $t (f64.promote_f32 (f32.load (i32.add (local.get $frac) (i32.shl (local.get $x) (i32.const 2))))))
            (f32.store
              (local.get $out)
              (f32.demote_f64
                (f64.add
                  (f64.mul
                    (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (i32.load (i32.add (local.get $k0) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2)))))
                    (f64.sub (f64.const 1) (local.get $t)))
                  (f64.mul
                    (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (i32.load (i32.add (local.get $k1) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2)))))
                    (local.get $t)))))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br_if $next (i32.lt_u (local.get $x) (local.get $width)))))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $ww) (i32.const 2))))
        (br_if $nextRow (i32.lt_u (local.get $row) (local.get $rowEnd))))))

  ;; pairSums(rows, count, width, sums): for each float32 row v of the width, with b the row v + 1 (the last row
  ;; pairs with itself): float64 sums of a·a, a·b and b·b, stored at sums + 24·v.
  (func (export "pairSums") (param $rows i32) (param $count i32) (param $width i32) (param $sums i32)
    (local $v i32) (local $a i32) (local $b i32) (local $end i32) (local $fa f64) (local $fb f64) (local $aa f64) (local $ab f64) (local $bb f64)
    (block $rowsDone
      (br_if $rowsDone (i32.eqz (local.get $count)))
      (loop $nextRow
        (local.set $a (i32.add (local.get $rows) (i32.shl (i32.mul (local.get $v) (local.get $width)) (i32.const 2))))
        (local.set $b
          (select
            (i32.add (local.get $a) (i32.shl (local.get $width) (i32.const 2)))
            (local.get $a)
            (i32.lt_u (i32.add (local.get $v) (i32.const 1)) (local.get $count))))
        (local.set $end (i32.add (local.get $a) (i32.shl (local.get $width) (i32.const 2))))
        (local.set $aa (f64.const 0))
        (local.set $ab (f64.const 0))
        (local.set $bb (f64.const 0))
        (block $done
          (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
          (loop $next
            (local.set $fa (f64.promote_f32 (f32.load (local.get $a))))
            (local.set $fb (f64.promote_f32 (f32.load (local.get $b))))
            (local.set $aa (f64.add (local.get $aa) (f64.mul (local.get $fa) (local.get $fa))))
            (local.set $ab (f64.add (local.get $ab) (f64.mul (local.get $fa) (local.get $fb))))
            (local.set $bb (f64.add (local.get $bb) (f64.mul (local.get $fb) (local.get $fb))))
            (local.set $a (i32.add (local.get $a) (i32.const 4)))
            (local.set $b (i32.add (local.get $b) (i32.const 4)))
            (br_if $next (i32.lt_u (local.get $a) (local.get $end)))))
        (f64.store (i32.add (local.get $sums) (i32.mul (local.get $v) (i32.const 24))) (local.get $aa))
        (f64.store offset=8 (i32.add (local.get $sums) (i32.mul (local.get $v) (i32.const 24))) (local.get $ab))
        (f64.store offset=16 (i32.add (local.get $sums) (i32.mul (local.get $v) (i32.const 24))) (local.get $bb))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br_if $nextRow (i32.lt_u (local.get $v) (local.get $count))))))

  ;; addMarkRow(px, a, b, n, wa, wb): adds the mark to R, G and B of n RGBA pixels at px (n a multiple of 4), four
  ;; pixels at a time, from the two upsampled rows a and b (n float32 each) the output row lies between:
  ;;   d = floor(a[x] · wa + b[x] · wb + 256.5) − 256, then each channel = clamp(channel + d, 0, 255).
  (func (export "addMarkRow") (param $px i32) (param $a i32) (param $b i32) (param $n i32) (param $wa f64) (param $wb f64)
    (local $end i32)
    (local $wa2 v128) (local $wb2 v128) (local $bias v128)
    (local $fa v128) (local $fb v128) (local $lo v128) (local $hi v128) (local $d v128)
    (local.set $wa2 (f64x2.splat (local.get $wa)))
    (local.set $wb2 (f64x2.splat (local.get $wb)))
    (local.set $bias (f64x2.splat (f64.const 256.5)))
    (local.set $end (i32.add (local.get $px) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $px) (local.get $end)))
      (loop $next
        (local.set $fa (v128.load (local.get $a)))
        (local.set $fb (v128.load (local.get $b)))
        ;; pixels 0 and 1 from the low floats, pixels 2 and 3 from the high floats moved down
        (local.set $lo
          (i32x4.trunc_sat_f64x2_s_zero
            (f64x2.add
              (f64x2.add
                (f64x2.mul (f64x2.promote_low_f32x4 (local.get $fa)) (local.get $wa2))
                (f64x2.mul (f64x2.promote_low_f32x4 (local.get $fb)) (local.get $wb2)))
              (local.get $bias))))
        (local.set $hi
          (i32x4.trunc_sat_f64x2_s_zero
            (f64x2.add
              (f64x2.add
                (f64x2.mul
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $fa) (local.get $fa)))
                  (local.get $wa2))
                (f64x2.mul
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $fb) (local.get $fb)))
                  (local.get $wb2)))
              (local.get $bias))))
        ;; the four deltas as int32, then as signed bytes in lanes 0..3 (|d| is a few levels: nothing saturates)
        (local.set $d
          (i32x4.sub
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi))
            (i32x4.splat (i32.const 256))))
        (local.set $d (i16x8.narrow_i32x4_s (local.get $d) (local.get $d)))
        (local.set $d (i8x16.narrow_i16x8_s (local.get $d) (local.get $d)))
        ;; spread each pixel's delta to its R, G and B bytes (lane index 0x80 selects 0, so alpha is unchanged),
        ;; adding the positive part and subtracting the negative part with unsigned saturation: the clamp
        (v128.store
          (local.get $px)
          (i8x16.sub_sat_u
            (i8x16.add_sat_u
              (v128.load (local.get $px))
              (i8x16.swizzle
                (i8x16.max_s (local.get $d) (v128.const i32x4 0 0 0 0))
                (v128.const i8x16 0 0 0 0x80 1 1 1 0x80 2 2 2 0x80 3 3 3 0x80)))
            (i8x16.swizzle
              (i8x16.max_s (i8x16.neg (local.get $d)) (v128.const i32x4 0 0 0 0))
              (v128.const i8x16 0 0 0 0x80 1 1 1 0x80 2 2 2 0x80 3 3 3 0x80))))
        (local.set $px (i32.add (local.get $px) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $px) (local.get $end))))))
)
