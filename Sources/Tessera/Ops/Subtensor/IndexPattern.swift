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
    /// The next index-tensor input: int64 positions along one axis, or a bool mask over as many axes as it has.
    case tensor

    public var description: String {
        switch self {
        case .at(let i): return "\(i)"
        case .slice(let start, let stop, let step):
            let s = (start.map(String.init) ?? "") + ":" + (stop.map(String.init) ?? "")
            return step == 1 ? s : s + ":\(step)"
        case .newAxis: return "None"
        case .tensor: return "idx"
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
    var tensorCount: Int { entries.count { $0 == .tensor } }
    /// Whether any index is a tensor (advanced indexing).
    var isAdvanced: Bool { entries.contains(.tensor) }

    public var description: String { entries.map(\.description).joined(separator: ", ") }

    // MARK: - Normalising a user's index

    /// Turns the indices of a subscript into a pattern for `x` and the index tensors it uses.
    ///
    /// - Throws: for two ellipses, a zero step, a float or 0-d boolean index tensor, or more indices than axes.
    static func make(_ indices: [TensorIndex], for x: Variable) throws -> (IndexPattern, [Variable]) {
        var consumed = 0
        var ellipses = 0
        var tensors: [Variable] = []
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
                tensors.append(v)
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
        for index in indices {
            switch index.kind {
            case .at(let i): entries.append(.at(i))
            case .range(let start, let stop, let step): entries.append(.slice(start: start, stop: stop, step: step ?? 1))
            case .newAxis: entries.append(.newAxis)
            case .ellipsis: entries += fill
            case .tensor: entries.append(.tensor)
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
            case .tensor:
                let v = tensors[t]
                t += 1
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

    // MARK: - Run-time plan

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

    /// The plan for indexing an array of shape `xShape` with these index arrays.
    ///
    /// - Throws: for positions out of bounds, masks of the wrong shape, or index arrays that cannot broadcast.
    func plan(_ xShape: [Int], _ tensors: [NDArray], op: String) throws -> Plan {
        let strides = Shape.strides(xShape)
        let advanced = isAdvanced
        var basicShape: [Int] = []
        var tables: [[Int]] = []
        var base = 0
        // Advanced components: positions (broadcastable arrays) along one axis each.
        var components: [(shape: [Int], values: [Double], axis: Int)] = []
        var advEntries: [Int] = []
        var blockPosition = 0
        var axis = 0
        var t = 0
        func markAdvanced(_ k: Int) {
            if advEntries.isEmpty { blockPosition = tables.count }
            advEntries.append(k)
        }
        func checkedPosition(_ v: Double, axis: Int) throws -> Int {
            let n = xShape[axis]
            guard v >= -Double(n) && v < Double(n) else {  // compared as Double: huge values do not trap
                let shown = abs(v) < 9e18 ? "\(Int(v))" : "\(v)"
                throw TesseraError.invalidArgument("\(op): index \(shown) is out of range for axis \(axis), which has size \(n)")
            }
            let i = Int(v)
            return i < 0 ? i + n : i
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
                    components.append(([], [Double(p)], axis))
                    markAdvanced(k)
                } else {
                    base += p * strides[axis]
                }
                axis += 1
            case .slice(let start, let stop, let step):
                let (s, count) = IndexPattern.resolveSlice(start: start, stop: stop, step: step, size: xShape[axis])
                let stride = strides[axis]
                basicShape.append(count)
                tables.append((0..<count).map { (s + $0 * step) * stride })
                axis += 1
            case .newAxis:
                basicShape.append(1)
                tables.append([0])
            case .tensor:
                let a = tensors[t]
                t += 1
                if a.dtype == .bool {
                    let n = a.ndim
                    let covered = Array(xShape[axis..<(axis + n)])
                    guard a.shape == covered else {
                        throw TesseraError.shapeMismatch(
                            "\(op): boolean index of shape \(a.shape) does not match the shape \(covered) of axes \(axis)..<\(axis + n) it selects")
                    }
                    // nonzero(): one position array per masked axis.
                    var positions = [[Double]](repeating: [], count: n)
                    let maskStrides = a.strides
                    for (flat, m) in a.storage.enumerated() where m != 0 {
                        var rest = flat
                        for d in 0..<n {
                            positions[d].append(Double(rest / maskStrides[d]))
                            rest %= maskStrides[d]
                        }
                    }
                    for d in 0..<n { components.append(([positions[d].count], positions[d], axis + d)) }
                    axis += n
                } else {
                    guard a.dtype == .int64 else {
                        throw TesseraError.dtypeMismatch("\(op): index tensor \(t - 1) has dtype \(a.dtype); use int64 or bool")
                    }
                    var values = a.storage
                    for j in values.indices { values[j] = Double(try checkedPosition(values[j], axis: axis)) }
                    components.append((a.shape, values, axis))
                    axis += 1
                }
                markAdvanced(k)
            }
        }
        guard axis == xShape.count else {
            throw TesseraError.invalidArgument("\(op): the pattern indexes \(axis) axes but the array has \(xShape.count)")
        }
        guard advanced else { return Plan(shape: basicShape, base: base, tables: tables) }

        guard let block = Shape.broadcast(components.map(\.shape)) else {
            throw TesseraError.shapeMismatch(
                "\(op): the index arrays could not be broadcast together with shapes \(components.map { "\($0.shape)" }.joined(separator: ", "))")
        }
        let plan = BroadcastPlan(output: block, inputs: components.map(\.shape))
        var blockTable = [Int](repeating: 0, count: block.reduce(1, *))
        for (c, component) in components.enumerated() {
            let values = component.shape == block ? component.values : plan.gather(component.values, input: c)
            let stride = strides[component.axis]
            for j in blockTable.indices { blockTable[j] += Int(values[j]) * stride }
        }
        if !IndexPattern.isContiguous(advEntries) { blockPosition = 0 }
        // Basic axes and virtual axes correspond one to one; the block's axes go where its virtual axis goes.
        var shape = basicShape
        shape.insert(contentsOf: block, at: blockPosition)
        tables.insert(blockTable, at: blockPosition)
        return Plan(shape: shape, base: base, tables: tables)
    }
}
