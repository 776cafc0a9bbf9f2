import Foundation

/// A loop over `steps` with a carried state: `x_t = body(x_{t−1})`, `x_{−1} = initial`; the output stacks
/// `x_0 … x_{steps−1}` (PyTensor's `scan` for the one-state case). The body may draw random variables:
/// each step draws anew. TesseraLogProb derives the density of the whole sequence from the body's.
///
/// ```swift
/// let rho = 0.7
/// let ar1 = scan(steps: 100, initial: 0.0) { prev in Random.normal(rho * prev, 1.0) }
/// ```
public func scan(steps: Int, initial: Variable, _ body: (Variable) -> Variable) -> Variable {
    guard steps >= 1 else { return .invalid(.invalidArgument("scan: steps must be ≥ 1, got \(steps)")) }
    let prev = tensor("scan_prev", dtype: initial.dtype.promotedToFloat, shape: initial.staticShape)
    let next = body(prev)
    if let e = next.buildError { return .invalid(e) }
    // Variables of the body that do not depend on the state are the loop's outer inputs.
    var dependsOnPrev: Set<Variable> = [prev]
    let order = Graph.topologicalOrder(outputs: [next], stop: [prev])
    for node in order where node.inputs.contains(where: dependsOnPrev.contains) {
        for o in node.outputs { dependsOnPrev.insert(o) }
    }
    var outer: [Variable] = []
    for node in order where node.outputs.contains(where: dependsOnPrev.contains) {
        for i in node.inputs where !dependsOnPrev.contains(i) && !i.isConstant && !i.isShared && !outer.contains(i) {
            outer.append(i)
        }
    }
    let placeholders = outer.map { tensor("scan_outer", dtype: $0.dtype, shape: $0.staticShape) }
    let inner = cloneReplace(next, Dictionary(uniqueKeysWithValues: zip(outer, placeholders)))
    let op = Scan(steps: steps, body: ScanBody(prev: prev, outer: placeholders, next: inner))
    return applyOp1(op, [initial] + outer)
}

/// The inner graph of a scan, compared by identity; its compiled function is built once.
public final class ScanBody: Hashable, @unchecked Sendable {
    public let prev: Variable
    public let outer: [Variable]
    public let next: Variable
    private var compiled: Function?
    private let lock = NSLock()

    init(prev: Variable, outer: [Variable], next: Variable) {
        self.prev = prev
        self.outer = outer
        self.next = next
    }

    public static func == (a: ScanBody, b: ScanBody) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

    /// The body compiled with RNG updates, so each step draws afresh.
    func function() throws -> Function {
        lock.lock(); defer { lock.unlock() }
        if let compiled { return compiled }
        let f = try compileWithRNGUpdates([prev] + outer, [next], seed: nil, mode: .vm)
        compiled = f
        return f
    }
}

/// The loop op behind ``scan(steps:initial:_:)``: inputs `(initial, outer…)`, output the stacked states.
public struct Scan: Op, NonFoldable {
    public let steps: Int
    public let body: ScanBody

    public var name: String { "Scan{steps=\(steps)}" }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        [TensorType(dtype: body.next.dtype, shape: [steps] + body.next.staticShape)]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let f = try body.function()
        var state = inputs[0].astype(body.prev.dtype)
        var all: [Double] = []
        var shape: [Int] = []
        for _ in 0..<steps {
            let next = try f.call([state] + Array(inputs.dropFirst()))[0]
            all.append(contentsOf: next.storage)
            shape = next.shape
            state = next.astype(body.prev.dtype)
        }
        outputs[0] = try NDArray(shape: [steps] + shape, elements: all, dtype: body.next.dtype)
    }
}
