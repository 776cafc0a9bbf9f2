/// The machinery every reduction shares: axis checks, the static shape rule, the printed
/// name, the run-time walk over reduction groups, and the gradient's re-expansion.
///
/// A reduction over axes `A` of `x` splits `x` into *groups*: for each index of the kept
/// axes, the elements along `A`. Each group gives one output element, laid out row-major
/// over the kept axes (size-1 axes in place of `A` when `keepdims`), as NumPy does.
public protocol Reduction: Op {
    /// Normalised, sorted, distinct axes; `nil` for all axes.
    var axes: [Int]? { get }
    /// Whether reduced axes stay in the output as size 1.
    var keepdims: Bool { get }
    /// The stem of the printed name (`Sum`, `Max`).
    var reductionName: String { get }
    /// The output dtype for an input dtype (NumPy's rule for this reduction).
    func outputDType(_ input: DType) -> DType
    /// Whether an empty group is an error (reductions without identity: `max`, `argmax`).
    var needsNonEmptyGroups: Bool { get }
    /// The value of one group (called with an empty buffer only when empty groups are allowed).
    func reduce(_ group: UnsafeBufferPointer<Double>) -> Double
    /// Extra text inside the braces of the printed name (`ddof=1`); `nil` for none.
    var nameDetail: String? { get }
    /// The C code of one group for the C backend, `nil` to run on the VM (see ``CReductionCode``).
    func cGroupCode(prefix: String, groupSize: Int) -> CReductionCode?
}

extension Reduction {
    public var needsNonEmptyGroups: Bool { false }
    public var nameDetail: String? { nil }

    public var name: String {
        var parts: [String] = []
        if let axes { parts.append("axes=(" + axes.map(String.init).joined(separator: ",") + ")") }
        if keepdims { parts.append("keepdims") }
        if let nameDetail { parts.append(nameDetail) }
        return parts.isEmpty ? reductionName : reductionName + "{" + parts.joined(separator: ",") + "}"
    }

    /// The reduced axes for an input of `ndim` dimensions.
    func reduced(_ ndim: Int) -> [Int] { axes ?? Array(0..<ndim) }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        guard inputs.count == 1 else {
            throw TesseraError.invalidArgument("\(reductionName): expects 1 input, got \(inputs.count)")
        }
        let x = inputs[0]
        let r = reduced(x.ndim)
        guard r.allSatisfy({ $0 >= 0 && $0 < x.ndim }), Set(r).count == r.count else {
            throw TesseraError.invalidArgument(
                "\(reductionName): axes \(r) are out of range for '\(x)' with \(x.ndim) dimensions")
        }
        if needsNonEmptyGroups, let a = r.first(where: { x.staticShape[$0] == 0 }) {
            throw TesseraError.invalidArgument(emptyGroupMessage(axis: a, shape: x.staticShape))
        }
        return [TensorType(dtype: outputDType(x.dtype), shape: ReductionLayout.outputShape(x.staticShape, reduced: r, keepdims: keepdims))]
    }

    func emptyGroupMessage(axis: Int, shape: [Int?]) -> String {
        "\(reductionName): zero-size array to a reduction with no identity: axis \(axis) of the input, of shape \(Shape.format(shape)), has size 0"
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let x = inputs[0]
        let layout = ReductionLayout(shape: x.shape, reduced: reduced(x.ndim))
        if needsNonEmptyGroups && layout.groupSize == 0 {
            let a = reduced(x.ndim).first { x.shape[$0] == 0 } ?? 0
            throw TesseraError.invalidArgument(emptyGroupMessage(axis: a, shape: x.shape.map { $0 }))
        }
        outputs[0].prepare(shape: layout.outputShape(keepdims: keepdims), dtype: outputDType(x.dtype))
        outputs[0].storage.withUnsafeMutableBufferPointer { o in
            layout.forEachGroup(x.storage) { i, group in o[i] = reduce(group) }
        }
        outputs[0].roundToDType()
    }

    /// An output gradient re-expanded to the keepdims shape (reduced axes as size 1), so it
    /// broadcasts against the input.
    func expandedGradient(_ g: Variable, inputNDim: Int) -> Variable {
        expandReduced(g, inputNDim: inputNDim, axes: reduced(inputNDim), keepdims: keepdims)
    }

    /// The output of `node` re-expanded to the keepdims shape.
    func expandedOutput(_ node: Apply) -> Variable {
        expandedGradient(node.output(0), inputNDim: node.inputs[0].ndim)
    }
}

/// `g` (the result of reducing an `inputNDim`-dimensional tensor over `axes`) with the
/// reduced axes put back as size 1; `g` itself when `keepdims` already kept them.
func expandReduced(_ g: Variable, inputNDim: Int, axes: [Int], keepdims: Bool) -> Variable {
    if keepdims || axes.isEmpty { return g }
    var order: [Int?] = []
    var k = 0
    for i in 0..<inputNDim {
        if axes.contains(i) { order.append(nil) } else { order.append(k); k += 1 }
    }
    return applyOp1(DimShuffle(order: order), g)
}

// MARK: - Axes

/// Normalises user axes for `function` (negative axes count from the end): sorted, distinct.
///
/// - Throws: naming the function when an axis is out of range or repeated (as NumPy).
func normalizedAxes(_ axes: [Int], ndim: Int, function: String, input: Variable) throws -> [Int] {
    var result: [Int] = []
    for a in axes {
        guard let n = Shape.normalize(axis: a, ndim: ndim) else {
            throw TesseraError.invalidArgument(
                "\(function): axis \(a) is out of range for '\(input)' with \(ndim) dimensions")
        }
        guard !result.contains(n) else {
            throw TesseraError.invalidArgument("\(function): duplicate value in axes \(axes)")
        }
        result.append(n)
    }
    return result.sorted()
}

/// Builds a reduction from user axes: normalised, or an invalid variable naming `function`.
func makeReduction<R: Op>(_ function: String, _ x: Variable, axes: [Int]?, _ make: ([Int]?) -> R) -> Variable {
    if let e = x.buildError { return .invalid(e) }
    guard let axes else { return applyOp1(make(nil), x) }
    do {
        return applyOp1(make(try normalizedAxes(axes, ndim: x.ndim, function: function, input: x)), x)
    } catch let e as TesseraError {
        return .invalid(e)
    } catch {
        return .invalid(.invalidArgument("\(function): \(error)"))
    }
}

// MARK: - Layout

/// How a reduction (or a scan along one axis) walks its input: the kept axes outside,
/// the reduced axes inside.
struct ReductionLayout {
    let shape: [Int]
    let isReduced: [Bool]
    /// Elements per group.
    let groupSize: Int
    /// Number of groups (= output elements).
    let groupCount: Int
    /// Whether each group is a contiguous run of the input (the reduced axes are trailing
    /// once size-1 axes are ignored), group `i` starting at `i * groupSize`.
    let isContiguous: Bool
    /// Offsets of a group's elements from its first, row-major over the reduced axes
    /// (empty when contiguous).
    let groupOffsets: [Int]

    init(shape: [Int], reduced: [Int]) {
        self.shape = shape
        var isReduced = [Bool](repeating: false, count: shape.count)
        for a in reduced { isReduced[a] = true }
        self.isReduced = isReduced
        groupSize = reduced.reduce(1) { $0 * shape[$1] }
        groupCount = shape.indices.filter { !isReduced[$0] }.reduce(1) { $0 * shape[$1] }
        // Contiguous when no kept axis of size > 1 comes after a reduced axis of size > 1.
        var seenReduced = false
        var contiguous = true
        for i in shape.indices where shape[i] != 1 {
            if isReduced[i] { seenReduced = true } else if seenReduced { contiguous = false }
        }
        isContiguous = contiguous
        if contiguous {
            groupOffsets = []
        } else {
            let strides = Shape.strides(shape)
            var offsets = [0]
            for a in shape.indices where isReduced[a] {
                var next: [Int] = []
                next.reserveCapacity(offsets.count * shape[a])
                for o in offsets { for k in 0..<shape[a] { next.append(o + k * strides[a]) } }
                offsets = next
            }
            groupOffsets = offsets
        }
    }

    /// The offset of a group's `k`-th element from its first.
    @inline(__always)
    func offset(_ k: Int) -> Int { isContiguous ? k : groupOffsets[k] }

    /// The static output shape of a reduction.
    static func outputShape(_ shape: [Int?], reduced: [Int], keepdims: Bool) -> [Int?] {
        var out: [Int?] = []
        for (i, d) in shape.enumerated() {
            if reduced.contains(i) { if keepdims { out.append(1) } } else { out.append(d) }
        }
        return out
    }

    /// The concrete output shape.
    func outputShape(keepdims: Bool) -> [Int] {
        shape.indices.compactMap { i in isReduced[i] ? (keepdims ? 1 : nil) : shape[i] }
    }

    /// The offset of the first element of each group, in output order.
    func forEachGroupBase(_ body: (Int, Int) -> Void) {
        if groupCount == 0 { return }
        if isContiguous {
            for i in 0..<groupCount { body(i, i * groupSize) }
            return
        }
        let strides = Shape.strides(shape)
        let kept = shape.indices.filter { !isReduced[$0] }
        var counter = [Int](repeating: 0, count: kept.count)
        var base = 0
        for i in 0..<groupCount {
            body(i, base)
            var j = kept.count - 1
            while j >= 0 {
                let a = kept[j]
                counter[j] += 1
                base += strides[a]
                if counter[j] < shape[a] { break }
                base -= strides[a] * shape[a]
                counter[j] = 0
                j -= 1
            }
        }
    }

    /// Calls `body(groupIndex, elements)` for each group, the elements in row-major order
    /// of the reduced axes (gathered into a scratch buffer when not contiguous).
    func forEachGroup(_ storage: [Double], _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        storage.withUnsafeBufferPointer { src in
            if isContiguous {
                forEachGroupBase { i, base in
                    body(i, UnsafeBufferPointer(rebasing: src[base..<(base + groupSize)]))
                }
                return
            }
            var scratch = [Double](repeating: 0, count: groupSize)
            scratch.withUnsafeMutableBufferPointer { s in
                forEachGroupBase { i, base in
                    for (k, o) in groupOffsets.enumerated() { s[k] = src[base + o] }
                    body(i, UnsafeBufferPointer(s))
                }
            }
        }
    }

    /// Calls `body(input, output)` for each group, the output group being the same positions
    /// of an output of the input's shape (for scans and sorts along an axis).
    func forEachLane(_ input: [Double], into output: inout [Double],
                     _ body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                if isContiguous {
                    forEachGroupBase { _, base in
                        let r = base..<(base + groupSize)
                        body(UnsafeBufferPointer(rebasing: src[r]), UnsafeMutableBufferPointer(rebasing: dst[r]))
                    }
                    return
                }
                var inScratch = [Double](repeating: 0, count: groupSize)
                var outScratch = [Double](repeating: 0, count: groupSize)
                inScratch.withUnsafeMutableBufferPointer { si in
                    outScratch.withUnsafeMutableBufferPointer { so in
                        forEachGroupBase { _, base in
                            for (k, o) in groupOffsets.enumerated() { si[k] = src[base + o] }
                            body(UnsafeBufferPointer(si), so)
                            for (k, o) in groupOffsets.enumerated() { dst[base + o] = so[k] }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Group size

/// The number of elements each group of a reduction of `x` over `axes` holds, less `ddof`
/// (at least 0), as a scalar of `dtype`: the divisor of `mean` and `var`, known at run time.
struct ReducedCount: Op {
    /// Normalised axes; `nil` for all.
    let axes: [Int]?
    let ddof: Int
    let dtype: DType

    var name: String {
        "ReducedCount{" + (axes.map { "axes=(" + $0.map(String.init).joined(separator: ",") + "),"} ?? "")
            + "ddof=\(ddof)}"
    }

    func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let x = inputs[0]
        guard (axes ?? []).allSatisfy({ $0 >= 0 && $0 < x.ndim }) else {
            throw TesseraError.invalidArgument("ReducedCount: axes \(axes ?? []) are out of range for '\(x)'")
        }
        return [TensorType(dtype: dtype, shape: [])]
    }

    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let shape = inputs[0].shape
        let n = (axes ?? Array(shape.indices)).reduce(1) { $0 * shape[$1] }
        outputs[0].prepare(shape: [], dtype: dtype)
        outputs[0].storage[0] = Double(Swift.max(n - ddof, 0))
    }

    /// Only the shape of the input is read: no gradient flows to it.
    func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] { [nil] }
}

// MARK: - C code

/// The C statements of a reduction for one group, for the C backend. The element being
/// visited is `v`; names the code declares carry the node's prefix (see ``Reduction/cGroupCode(prefix:groupSize:)``).
public struct CReductionCode: Sendable {
    /// Declarations and initial values, run once per group.
    public var setup: String
    /// One loop over the group's elements per entry, in order; each entry is the loop body.
    public var passes: [String]
    /// The C expression of the group's value, after the passes.
    public var result: String

    public init(setup: String, passes: [String], result: String) {
        self.setup = setup
        self.passes = passes
        self.result = result
    }
}

extension Reduction {
    /// The C code of one group (`nil`: the reduction runs on the VM). `prefix` makes names
    /// unique; the element visited is `<prefix>v`.
    public func cGroupCode(prefix: String, groupSize: Int) -> CReductionCode? { nil }

    /// Loops over the groups of the input (kept axes outside, reduced axes inside, as
    /// `ReductionLayout`), running ``cGroupCode(prefix:groupSize:)`` for each.
    public func cCode(_ k: CKernel) -> String? {
        let x = k.inputs[0], out = k.outputs[0], p = k.prefix
        let layout = ReductionLayout(shape: x.shape, reduced: reduced(x.shape.count))
        if needsNonEmptyGroups && layout.groupSize == 0 { return nil }  // the VM throws NumPy's error
        guard let group = cGroupCode(prefix: p, groupSize: layout.groupSize) else { return nil }
        let strides = x.strides
        let kept = x.shape.indices.filter { !layout.isReduced[$0] }
        let red = x.shape.indices.filter { layout.isReduced[$0] }
        func loops(_ axes: [Int], _ tag: String) -> String {
            axes.map { "for (long \(p)\(tag)\($0) = 0; \(p)\(tag)\($0) < \(x.shape[$0])L; \(p)\(tag)\($0)++) " }.joined()
        }
        func offset(_ axes: [Int], _ tag: String) -> String {
            let terms = axes.filter { strides[$0] != 0 && x.shape[$0] != 1 }.map { "\(p)\(tag)\($0)*\(strides[$0])L" }
            return terms.isEmpty ? "0" : terms.joined(separator: " + ")
        }
        var code = "long \(p)o = 0;\n"
        code += loops(kept, "k") + "{\n"
        code += "  const double *\(p)g = \(x.name) + \(offset(kept, "k"));\n"
        code += "  \(group.setup)\n"
        for pass in group.passes {
            code += "  " + loops(red, "r") + "{ double \(p)v = \(p)g[\(offset(red, "r"))]; \(pass) }\n"
        }
        code += "  \(out.name)[\(p)o++] = \(CDType.round(group.result, out.dtype));\n}"
        return code
    }
}
