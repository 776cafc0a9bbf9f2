/// Iterates an output shape row by row, giving each broadcast input's offset at the
/// start of the row: kernels then run a tight loop along the last axis with one stride
/// per input (0 where the input is broadcast).
public struct BroadcastPlan {
    public let output: [Int]
    /// Per input, the element strides aligned to the output's axes (0 on broadcast axes).
    public let strides: [[Int]]
    /// Per input, the stride along the last output axis.
    public let innerStrides: [Int]

    /// Plans a broadcast of `inputs` to `output` (the shapes must be compatible).
    public init(output: [Int], inputs: [[Int]]) {
        self.output = output
        let nd = output.count
        strides = inputs.map { shape in
            let own = Shape.strides(shape)
            var s = [Int](repeating: 0, count: nd)
            let pad = nd - shape.count
            for (i, d) in shape.enumerated() where d != 1 { s[i + pad] = own[i] }
            return s
        }
        innerStrides = strides.map { nd == 0 ? 0 : $0[nd - 1] }
    }

    /// Calls `body(outputOffset, inputOffsets, rowLength)` for each row of the output.
    ///
    /// - Complexity: O(number of rows) calls; the row loop belongs to the caller.
    public func forEachRow(_ body: (Int, UnsafeMutableBufferPointer<Int>, Int) -> Void) {
        let nd = output.count
        let total = output.reduce(1, *)
        if total == 0 { return }
        let k = strides.count
        let offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(k, 1))
        defer { offsets.deallocate() }
        offsets.initialize(repeating: 0)
        if nd == 0 { body(0, offsets, 1); return }
        let rowLength = output[nd - 1]
        if rowLength == 0 { return }
        var counter = [Int](repeating: 0, count: nd - 1)
        var outOffset = 0
        while true {
            // Offsets for this row from the counter.
            for j in 0..<k {
                var off = 0
                for a in 0..<(nd - 1) { off += counter[a] * strides[j][a] }
                offsets[j] = off
            }
            body(outOffset, offsets, rowLength)
            outOffset += rowLength
            // Advance the counter over the outer axes.
            if !Shape.advance(&counter, within: output) { return }
        }
    }

    /// Gathers `source` (of one of the planned input shapes, index `input`) broadcast to the output shape.
    public func gather(_ source: [Double], input: Int) -> [Double] {
        var out = [Double](repeating: 0, count: output.reduce(1, *))
        let s = innerStrides[input]
        out.withUnsafeMutableBufferPointer { o in
            forEachRow { oOff, offs, count in
                var i = offs[input]
                for t in 0..<count { o[oOff + t] = source[i]; i += s }
            }
        }
        return out
    }
}
