/// One entry of a normalised index, as the indexing ops store it: ellipses are expanded and
/// trailing axes filled with full slices, so the entries cover every axis of the indexed tensor.
/// Index tensors are the op's inputs; `.tensor` marks where the next one goes.
public enum IndexEntry: Hashable, Sendable, CustomStringConvertible {
    /// One position (negative counts from the end).
    case at(Int)
    /// A slice `start:stop:step` with NumPy's defaults for `nil` bounds; `step` is never 0.
    case slice(start: Int?, stop: Int?, step: Int)
    /// A new axis of size 1.
    case newAxis
    /// The next index-tensor input: int64 positions along one axis (`mask: false`), or a bool mask over
    /// as many axes as it has (`mask: true`; the result's size then depends on the mask's values).
    case tensor(mask: Bool)

    public var description: String {
        switch self {
        case .at(let i): return "\(i)"
        case .slice(let start, let stop, let step):
            let s = (start.map(String.init) ?? "") + ":" + (stop.map(String.init) ?? "")
            return step == 1 ? s : s + ":\(step)"
        case .newAxis: return "None"
        case .tensor(let mask): return mask ? "mask" : "idx"
        }
    }

}

/// A normalised index (see ``IndexEntry``) with the shape rules and run-time plans the indexing ops share.
///
/// NumPy's rules (numpy.org, "Indexing on ndarrays"): integers and slices are *basic* indices; int64 and
/// bool tensors are *advanced*. With any advanced index present, integers count as advanced (0-d) too.
/// The advanced indices broadcast together (a k-d mask is k integer arrays, its `nonzero()`); their
/// broadcast shape replaces the indexed axes in place when the advanced entries are adjacent, and goes
/// first otherwise.
public struct IndexPattern: Hashable, Sendable, CustomStringConvertible {
    /// One entry per index, covering every axis of the indexed tensor.
    public let entries: [IndexEntry]

    init(_ entries: [IndexEntry]) { self.entries = entries }

    /// The number of index tensors the pattern takes.
    var tensorCount: Int { entries.count { if case .tensor = $0 { true } else { false } } }
    /// Whether any index is a tensor (advanced indexing).
    var isAdvanced: Bool { tensorCount > 0 }
    /// Whether a boolean mask is among the indices: the indexed shape then depends on its values.
    var hasMask: Bool { entries.contains(.tensor(mask: true)) }

    public var description: String { entries.map(\.description).joined(separator: ", ") }

    // MARK: - Normalising a user's index

    /// Turns the indices of a subscript into a pattern for `x` and the index tensors it uses.
    ///
    /// A constant mask over axes of known sizes becomes its `nonzero()` positions (constant int64 arrays,
    /// as NumPy defines mask indexing), so the result's shape is static.
    /// - Throws: for two ellipses, a zero step, a float or 0-d boolean index tensor, or more indices than axes.
    static func make(_ indices: [TensorIndex], for x: Variable) throws -> (IndexPattern, [Variable]) {
        var consumed = 0
        var ellipses = 0
        for (k, index) in indices.enumerated() {
            switch index.kind {
            case .at: consumed += 1
            case .range(_, _, let step):
                if step == 0 {
                    throw TesseraError.invalidArgument("index: slice \(index) (index \(k)) has step 0; a slice step cannot be zero")
                }
                consumed += 1
            case .newAxis: break
            case .ellipsis: ellipses += 1
            case .tensor(let v):
                if let e = v.buildError { throw e }
                consumed += try tensorAxes(v, position: k)
            }
        }
        guard ellipses <= 1 else {
            throw TesseraError.invalidArgument("index: an index can only have a single ellipsis ('...'), but \(ellipses) were given")
        }
        guard consumed <= x.ndim else {
            throw TesseraError.invalidArgument(
                "index: too many indices for '\(x)': it has \(x.ndim) dimension(s) but \(consumed) were indexed")
        }
        let fill = [IndexEntry](repeating: .slice(start: nil, stop: nil, step: 1), count: x.ndim - consumed)
        var entries: [IndexEntry] = []
        var tensors: [Variable] = []
        var axis = 0  // the axis of x the next index applies to
        for index in indices {
            switch index.kind {
            case .at(let i):
                entries.append(.at(i))
                axis += 1
            case .range(let start, let stop, let step):
                entries.append(.slice(start: start, stop: stop, step: step ?? 1))
                axis += 1
            case .newAxis: entries.append(.newAxis)
            case .ellipsis:
                entries += fill
                axis += fill.count
            case .tensor(let v):
                let covered = Array(x.staticShape[axis..<(axis + (v.dtype == .bool ? v.ndim : 1))])
                // A constant mask over axes of known sizes is its positions (a mismatch is reported by the op).
                if v.dtype == .bool, let c = v.constantValue, covered == c.shape.map({ $0 }) {
                    for p in nonzero(c) {
                        entries.append(.tensor(mask: false))
                        tensors.append(constant(NDArray(uncheckedShape: [p.count], dtype: .int64, storage: p)))
                    }
                } else {
                    entries.append(.tensor(mask: v.dtype == .bool))
                    tensors.append(v)
                }
                axis += covered.count
            }
        }
        if ellipses == 0 { entries += fill }
        return (IndexPattern(entries), tensors)
    }

    /// How many axes an index tensor consumes: 1 for int64 positions, its rank for a bool mask.
    static func tensorAxes(_ v: Variable, position k: Int) throws -> Int {
        switch v.dtype {
        case .int64: return 1
        case .bool:
            guard v.ndim > 0 else {
                throw TesseraError.unsupported(
                    "index: index \(k) ('\(v)') is a 0-d boolean; boolean masks need at least one dimension")
            }
            return v.ndim
        case .float32, .float64:
            throw TesseraError.dtypeMismatch(
                "index: index \(k) ('\(v)') has dtype \(v.dtype); index tensors must be int64 (positions) or bool (a mask)")
        }
    }

    // MARK: - Static shape

    /// The static shape of `x` indexed by this pattern with these index tensors.
    ///
    /// - Throws: when a known size shows an integer out of range, a mask of the wrong shape, or index
    ///   tensors that cannot broadcast together; `op` names the operation in the message.
    func staticShape(_ x: Variable, _ tensors: [Variable], op: String) throws -> [Int?] {
        guard tensors.count == tensorCount else {
            throw TesseraError.invalidArgument("\(op): the pattern takes \(tensorCount) index tensor(s) but \(tensors.count) were given")
        }
        let shape = x.staticShape
        let advanced = isAdvanced
        var basic: [Int?] = []
        var advShapes: [[Int?]] = []
        var advEntries: [Int] = []
        var blockPosition = 0
        var axis = 0
        var t = 0
        func markAdvanced(_ k: Int) {
            if advEntries.isEmpty { blockPosition = basic.count }
            advEntries.append(k)
        }
        func needAxes(_ n: Int, _ k: Int) throws {
            guard axis + n <= shape.count else {
                throw TesseraError.invalidArgument(
                    "\(op): too many indices for '\(x)': it has \(shape.count) dimension(s) (index \(k))")
            }
        }
        for (k, entry) in entries.enumerated() {
            switch entry {
            case .at(let i):
                try needAxes(1, k)
                if let n = shape[axis], !(i >= -n && i < n) {
                    throw TesseraError.invalidArgument(
                        "\(op): index \(i) is out of range for axis \(axis) of '\(x)', which has size \(n)")
                }
                if advanced {
                    advShapes.append([])
                    markAdvanced(k)
                }
                axis += 1
            case .slice(let start, let stop, let step):
                try needAxes(1, k)
                if let n = shape[axis] {
                    basic.append(IndexPattern.resolveSlice(start: start, stop: stop, step: step, size: n).count)
                } else {
                    basic.append(nil)
                }
                axis += 1
            case .newAxis:
                basic.append(1)
            case .tensor(let mask):
                let v = tensors[t]
                t += 1
                guard mask == (v.dtype == .bool) else {
                    throw TesseraError.dtypeMismatch(
                        "\(op): index \(k) expects \(mask ? "a bool mask" : "int64 positions"), but '\(v)' is \(v.dtype)")
                }
                let n = try IndexPattern.tensorAxes(v, position: k)
                try needAxes(n, k)
                if v.dtype == .bool {
                    for d in 0..<n {
                        if let m = v.staticShape[d], let s = shape[axis + d], m != s {
                            throw TesseraError.shapeMismatch(
                                "\(op): boolean index '\(v)' has shape \(Shape.format(v.staticShape)) but the axes \(axis)..<\(axis + n) of '\(x)' have shape \(Shape.format(Array(shape[axis..<(axis + n)]))); a mask needs the shape of the axes it selects")
                        }
                    }
                    let count = v.constantValue.map { c in c.storage.count { $0 != 0 } }
                    for _ in 0..<n { advShapes.append([count]) }
                } else {
                    if let c = v.constantValue, let size = shape[axis],
                       let bad = c.storage.first(where: { !($0 >= -Double(size) && $0 < Double(size)) }) {
                        throw TesseraError.invalidArgument(
                            "\(op): index \(abs(bad) < 9e18 ? "\(Int(bad))" : "\(bad)") is out of range for axis \(axis) of '\(x)', which has size \(size)")
                    }
                    advShapes.append(v.staticShape)
                }
                markAdvanced(k)
                axis += n
            }
        }
        guard axis == shape.count else {
            throw TesseraError.invalidArgument("\(op): the pattern indexes \(axis) axes but '\(x)' has \(shape.count)")
        }
        guard advanced else { return basic }
        guard let block = Shape.broadcastStatic(advShapes) else {
            throw TesseraError.shapeMismatch(
                "\(op): the index tensors could not be broadcast together with shapes \(advShapes.map(Shape.format).joined(separator: ", "))")
        }
        if !IndexPattern.isContiguous(advEntries) { blockPosition = 0 }
        basic.insert(contentsOf: block, at: blockPosition)
        return basic
    }

    /// The positions of the nonzero elements of `mask`, one array per axis (`np.nonzero`).
    static func nonzero(_ mask: NDArray) -> [[Double]] {
        let n = mask.ndim
        var positions = [[Double]](repeating: [], count: n)
        let strides = mask.strides
        for (flat, m) in mask.storage.enumerated() where m != 0 {
            var rest = flat
            for d in 0..<n {
                positions[d].append(Double(rest / strides[d]))
                rest %= strides[d]
            }
        }
        return positions
    }

    /// Whether the advanced entries (entry positions, repeats allowed) are next to each other.
    static func isContiguous(_ positions: [Int]) -> Bool {
        zip(positions, positions.dropFirst()).allSatisfy { $1 == $0 || $1 == $0 + 1 }
    }

    /// Python's `slice.indices(size)`: the first position and the number of elements.
    static func resolveSlice(start: Int?, stop: Int?, step: Int, size n: Int) -> (start: Int, count: Int) {
        let lower = step > 0 ? 0 : -1
        let upper = step > 0 ? n : n - 1
        func clamp(_ v: Int?, default d: Int) -> Int {
            guard var v else { return d }
            if v < 0 {
                v += n
                if v < lower { v = lower }
            } else if v > upper {
                v = upper
            }
            return v
        }
        let s = clamp(start, default: step > 0 ? lower : upper)
        let e = clamp(stop, default: step > 0 ? upper : lower)
        // Written so that steps near Int.max or Int.min cannot overflow.
        let count = step > 0 ? (e > s ? (e - s - 1) / step + 1 : 0)
            : (s > e ? (s - e - 1) / (step == Int.min ? Int.max : -step) + 1 : 0)
        return (s, count)
    }

    // MARK: - Run-time layout

    /// How the indexed result is laid out over the indexed array, from the shapes alone (and a mask's
    /// positions): the VM turns it into offset tables (``plan(_:_:op:)``), the C backend into loops.
    struct Layout {
        /// One axis of the result outside the advanced block.
        struct Axis {
            /// The first position along the source axis (0 for a new axis).
            var start: Int
            /// The step between positions, in elements of the indexed array (0 for a new axis).
            var stride: Int
            /// The length of the result along this axis.
            var count: Int
        }

        /// Where one advanced index reads its positions.
        enum Source {
            /// The index tensor input with this number (int64 positions, checked and wrapped when read).
            case tensor(Int)
            /// Positions known already (an integer index, or a mask's `nonzero()`), in range.
            case positions([Double])
        }

        /// One advanced index: its positions, their shape, and the axis of the indexed array they select along.
        struct Component {
            var source: Source
            var shape: [Int]
            var axis: Int
            /// The size of that axis.
            var size: Int
            /// That axis's stride in elements.
            var stride: Int
        }

        /// The shape of the result.
        var shape: [Int]
        /// A constant offset (integer indices in basic indexing).
        var base: Int
        /// The result's axes from basic indices and new axes, in order, without the block.
        var axes: [Axis]
        /// The broadcast shape of the advanced indices (`nil` for basic indexing).
        var block: [Int]?
        /// Where the block's axes go among `axes` (the result's axes `blockPosition..<blockPosition + block.count`).
        var blockPosition: Int
        var components: [Component]
    }

    /// The layout of `x[pattern]` for an array of shape `xShape`; `tensors` gives each index tensor's shape,
    /// and for masks their values (the only value-dependent part).
    ///
    /// - Throws: for integers out of range, masks of the wrong shape, or index arrays that cannot broadcast.
    func layout(_ xShape: [Int], tensorShapes: [[Int]], masks: [Int: NDArray] = [:], op: String) throws -> Layout {
        let strides = Shape.strides(xShape)
        let advanced = isAdvanced
        var axes: [Layout.Axis] = []
        var base = 0
        var components: [Layout.Component] = []
        var advEntries: [Int] = []
        var blockPosition = 0
        var axis = 0
        var t = 0
        func markAdvanced(_ k: Int) {
            if advEntries.isEmpty { blockPosition = axes.count }
            advEntries.append(k)
        }
        for (k, entry) in entries.enumerated() {
            switch entry {
            case .at(let i):
                let n = xShape[axis]
                guard i >= -n && i < n else {
                    throw TesseraError.invalidArgument("\(op): index \(i) is out of range for axis \(axis), which has size \(n)")
                }
                let p = i < 0 ? i + n : i
                if advanced {
                    components.append(.init(source: .positions([Double(p)]), shape: [], axis: axis, size: n, stride: strides[axis]))
                    markAdvanced(k)
                } else {
                    base += p * strides[axis]
                }
                axis += 1
            case .slice(let start, let stop, let step):
                let (s, count) = IndexPattern.resolveSlice(start: start, stop: stop, step: step, size: xShape[axis])
                // With two or more elements the step is less than the axis size: no overflow.
                axes.append(.init(start: s * strides[axis], stride: count > 1 ? step * strides[axis] : 0, count: count))
                axis += 1
            case .newAxis:
                axes.append(.init(start: 0, stride: 0, count: 1))
            case .tensor(let mask):
                let shape = tensorShapes[t]
                if mask {
                    let n = shape.count
                    let covered = Array(xShape[axis..<Swift.min(axis + n, xShape.count)])
                    guard shape == covered, let values = masks[t] else {
                        throw TesseraError.shapeMismatch(
                            "\(op): boolean index of shape \(shape) does not match the shape \(covered) of axes \(axis)..<\(axis + n) it selects")
                    }
                    for (d, positions) in IndexPattern.nonzero(values).enumerated() {
                        components.append(.init(source: .positions(positions), shape: [positions.count], axis: axis + d,
                                                size: xShape[axis + d], stride: strides[axis + d]))
                    }
                    axis += n
                } else {
                    components.append(.init(source: .tensor(t), shape: shape, axis: axis, size: xShape[axis], stride: strides[axis]))
                    axis += 1
                }
                t += 1
                markAdvanced(k)
            }
        }
        guard axis == xShape.count else {
            throw TesseraError.invalidArgument("\(op): the pattern indexes \(axis) axes but the array has \(xShape.count)")
        }
        var shape = axes.map(\.count)
        guard advanced else { return Layout(shape: shape, base: base, axes: axes, block: nil, blockPosition: 0, components: []) }
        guard let block = Shape.broadcast(components.map(\.shape)) else {
            throw TesseraError.shapeMismatch(
                "\(op): the index arrays could not be broadcast together with shapes \(components.map { "\($0.shape)" }.joined(separator: ", "))")
        }
        if !IndexPattern.isContiguous(advEntries) { blockPosition = 0 }
        shape.insert(contentsOf: block, at: blockPosition)
        return Layout(shape: shape, base: base, axes: axes, block: block, blockPosition: blockPosition, components: components)
    }

    /// Where each element of the indexed result sits in the indexed array.
    ///
    /// The result's element at multi-index `(i₀, …, iₖ)` over the *virtual* axes (the result's axes with
    /// the advanced block flattened to one) is at `base + tables[0][i₀] + … + tables[k][iₖ]`.
    struct Plan {
        /// The shape of the indexed result.
        var shape: [Int]
        /// A constant offset (from integer indices in basic indexing).
        var base: Int
        /// Per virtual axis, the offset of each position.
        var tables: [[Int]]

        /// The number of elements of the result.
        var count: Int { shape.reduce(1, *) }

        /// Calls `body(resultOffset, sourceBase)` for each row (the last virtual axis); the caller loops
        /// over the row with ``lastTable``.
        ///
        /// - Complexity: O(count / row length) calls.
        func forEachRow(_ body: (Int, Int) -> Void) {
            if count == 0 { return }
            let nd = tables.count
            if nd <= 1 { body(0, base); return }
            let rowLength = tables[nd - 1].count
            var counter = [Int](repeating: 0, count: nd - 1)
            var offset = base
            for d in 0..<(nd - 1) { offset += tables[d][0] }
            var out = 0
            while true {
                body(out, offset)
                out += rowLength
                var d = nd - 2
                while d >= 0 {
                    let table = tables[d]
                    offset -= table[counter[d]]
                    counter[d] += 1
                    if counter[d] < table.count {
                        offset += table[counter[d]]
                        break
                    }
                    counter[d] = 0
                    offset += table[0]
                    d -= 1
                }
                if d < 0 { return }
            }
        }

        /// The offsets along the last virtual axis (`[0]` for a scalar result).
        var lastTable: [Int] { tables.last ?? [0] }
    }

    /// The VM's plan for indexing an array of shape `xShape` with these index arrays.
    ///
    /// - Throws: for positions out of bounds, masks of the wrong shape, or index arrays that cannot broadcast.
    func plan(_ xShape: [Int], _ tensors: [NDArray], op: String) throws -> Plan {
        for (t, a) in tensors.enumerated() where a.dtype.isFloat {
            throw TesseraError.dtypeMismatch("\(op): index tensor \(t) has dtype \(a.dtype); use int64 or bool")
        }
        var masks: [Int: NDArray] = [:]
        for (t, a) in tensors.enumerated() where a.dtype == .bool { masks[t] = a }
        let layout = try layout(xShape, tensorShapes: tensors.map(\.shape), masks: masks, op: op)
        var tables = layout.axes.map { a in (0..<a.count).map { a.start + $0 * a.stride } }
        guard let block = layout.block else { return Plan(shape: layout.shape, base: layout.base, tables: tables) }
        let broadcast = BroadcastPlan(output: block, inputs: layout.components.map(\.shape))
        var blockTable = [Int](repeating: 0, count: block.reduce(1, *))
        for (c, component) in layout.components.enumerated() {
            var values: [Double]
            switch component.source {
            case .positions(let p): values = p
            case .tensor(let t):
                values = tensors[t].storage
                let n = Double(component.size)
                for j in values.indices {
                    let v = values[j]
                    guard v >= -n && v < n else {  // compared as Double: huge values do not trap
                        let shown = abs(v) < 9e18 ? "\(Int(v))" : "\(v)"
                        throw TesseraError.invalidArgument(
                            "\(op): index \(shown) is out of range for axis \(component.axis), which has size \(component.size)")
                    }
                    values[j] = v < 0 ? v + n : v
                }
            }
            if component.shape != block { values = broadcast.gather(values, input: c) }
            for j in blockTable.indices { blockTable[j] += Int(values[j]) * component.stride }
        }
        tables.insert(blockTable, at: layout.blockPosition)
        return Plan(shape: layout.shape, base: layout.base, tables: tables)
    }
}

// MARK: - C loops

extension IndexPattern.Layout {
    /// C loops over the indexed result for the C backend: `body(offset)` is the statement for one element,
    /// `offset` a C expression for its position in the indexed array; the loop counters are `<prefix>i<axis>`
    /// over the result's axes. An index value out of range makes the segment return 1 (the VM then reports it).
    ///
    /// - Returns: `nil` for layouts with mask positions (their shapes depend on values; they run on the VM).
    func cLoops(indexBuffers: [CBuffer], prefix p: String, body: (String) -> String) -> String? {
        let blockCount = block?.count ?? 0
        var terms = base == 0 ? [] : ["\(base)L"]
        for r in 0..<shape.count {
            if r >= blockPosition && r < blockPosition + blockCount { continue }
            let axis = axes[r < blockPosition ? r : r - blockCount]
            if axis.start != 0 { terms.append("\(axis.start)L") }
            if axis.stride != 0 { terms.append("\(p)i\(r)*\(axis.stride)L") }
        }
        var lookups = ""
        for (c, component) in components.enumerated() {
            switch component.source {
            case .positions(let values):
                guard component.shape.isEmpty, let v = values.first else { return nil }
                if Int(v) * component.stride != 0 { terms.append("\(Int(v) * component.stride)L") }
            case .tensor(let t):
                // The component's elements for the block's counters (broadcast: stride 0 on size-1 axes).
                let own = Shape.strides(component.shape)
                let pad = blockCount - component.shape.count
                var index: [String] = []
                for (d, size) in component.shape.enumerated() where size != 1 {
                    index.append("\(p)i\(blockPosition + pad + d)*\(own[d])L")
                }
                let element = "\(indexBuffers[t].name)[\(index.isEmpty ? "0" : index.joined(separator: " + "))]"
                let n = component.size
                if let r = indexBuffers[t].constantRange, r.lowerBound >= 0, r.upperBound < Double(n) {
                    // Constant indices, all in range: checked here once, not per call.
                    lookups += "\(p)o += (long)\(element)*\(component.stride)L; "
                    continue
                }
                lookups += "{ double \(p)v\(c) = \(element); if (!(\(p)v\(c) >= -\(n).0 && \(p)v\(c) < \(n).0)) return 1; "
                lookups += "long \(p)j\(c) = (long)\(p)v\(c); if (\(p)j\(c) < 0) \(p)j\(c) += \(n)L; \(p)o += \(p)j\(c)*\(component.stride)L; } "
            }
        }
        var code = ""
        for r in 0..<shape.count { code += "for (long \(p)i\(r) = 0; \(p)i\(r) < \(shape[r])L; \(p)i\(r)++) " }
        code += "{ long \(p)o = \(terms.isEmpty ? "0" : terms.joined(separator: " + ")); \(lookups)\(body("\(p)o")) }"
        return code
    }
}
