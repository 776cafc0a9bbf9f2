import Foundation

/// One application of an ``Op`` to input variables, producing output variables.
public final class Apply: @unchecked Sendable, CustomStringConvertible {
    public let op: any Op
    public let inputs: [Variable]
    /// The static types of the outputs.
    public let outputTypes: [TensorType]
    /// When the node was made, process-wide and increasing: `scan` tells the nodes its body built
    /// (run at every step) from those that existed before (loop-invariant inputs).
    public let serial: UInt64

    // Outputs are held weakly (each output holds its owner strongly), so a graph has no
    // reference cycles. An output nobody holds is made anew when asked for: nothing else
    // can refer to the old one, so identity is kept where it can be observed.
    private var weakOutputs: [WeakVariable]
    private let lock = NSLock()

    init(op: any Op, inputs: [Variable], outputTypes: [TensorType]) {
        self.op = op
        self.inputs = inputs
        self.outputTypes = outputTypes
        self.serial = Apply.takeSerial()
        self.weakOutputs = Array(repeating: WeakVariable(nil), count: outputTypes.count)
    }

    /// The number of outputs.
    public var outputCount: Int { outputTypes.count }

    /// Output `i` of this node.
    public func output(_ i: Int) -> Variable {
        lock.lock(); defer { lock.unlock() }
        if let v = weakOutputs[i].variable { return v }
        let v = Variable(type: outputTypes[i], kind: .computed, owner: self, index: i)
        weakOutputs[i] = WeakVariable(v)
        return v
    }

    /// All outputs of this node.
    public var outputs: [Variable] { (0..<outputCount).map(output) }

    public var description: String { "\(op.name)(\(inputs.map(\.description).joined(separator: ", ")))" }

    private static let serialLock = NSLock()
    nonisolated(unsafe) private static var lastSerial: UInt64 = 0

    private static func takeSerial() -> UInt64 {
        serialLock.lock(); defer { serialLock.unlock() }
        lastSerial += 1
        return lastSerial
    }

    /// The serial the next node will get: nodes made from now on have `serial >= nextSerial`.
    public static var nextSerial: UInt64 {
        serialLock.lock(); defer { serialLock.unlock() }
        return lastSerial + 1
    }
}

struct WeakVariable {
    weak var variable: Variable?
    init(_ v: Variable?) { variable = v }
}

// MARK: - Applying ops

/// Applies an op to inputs and returns all of its outputs.
///
/// This never throws: when the inputs carry a build error, or the op rejects them,
/// the outputs carry the error (see ``Variable/buildError``), and the first call that
/// compiles or evaluates them throws it.
public func applyOp(_ op: some Op, _ inputs: [Variable]) -> [Variable] {
    if let bad = inputs.first(where: { $0.buildError != nil }) {
        return [Variable.invalid(bad.buildError!)]
    }
    do {
        let types = try op.outputTypes(inputs)
        let node = Apply(op: op, inputs: inputs, outputTypes: types)
        return node.outputs
    } catch let e as TesseraError {
        return [Variable.invalid(e)]
    } catch {
        return [Variable.invalid(.invalidArgument("\(op.name): \(error)"))]
    }
}

/// Applies a single-output op.
public func applyOp1(_ op: some Op, _ inputs: Variable...) -> Variable {
    applyOp(op, inputs)[0]
}

/// Applies a single-output op to an array of inputs.
public func applyOp1(_ op: some Op, _ inputs: [Variable]) -> Variable {
    applyOp(op, inputs)[0]
}
