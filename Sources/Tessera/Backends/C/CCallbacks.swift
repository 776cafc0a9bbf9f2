import Foundation

/// Scalar ops with no C form (the regularised incomplete gamma and beta functions and their
/// derivatives), called back from native code instead of splitting the function into native
/// segments with VM steps between them: the loop stays native and allocation-free, and each
/// element calls the op's Swift `evaluate` through one function pointer.
///
/// Each program numbers the ops it calls back (`tess_callback_ops[k]` in its C source, the ops
/// listed in a comment so the source — and the compiled-library cache — tells them apart); the
/// program hands the library the pointers when it loads it.
final class CCallbackTable: @unchecked Sendable {  // used by one emitter at a time
    /// The ops in the order of their numbers.
    private(set) var ops: [any ScalarOp] = []
    private var numbers: [AnyHashable: Int] = [:]

    /// The most ops one library can call back (the size of its table).
    static let capacity = 256

    /// A C expression calling `op` back on the operands `x`, or `nil` when the table is full.
    func expression(_ op: any ScalarOp, _ x: [String]) -> String? {
        let key = AnyHashable(op)
        let k: Int
        if let known = numbers[key] {
            k = known
        } else {
            guard ops.count < Self.capacity, CCallbacks.evaluator(op) != nil else { return nil }
            k = ops.count
            numbers[key] = k
            ops.append(op)
        }
        return "tess_callback(tess_callback_ops[\(k)], (const double[]){ \(x.joined(separator: ", ")) })"
    }

    /// A comment naming the ops by number, for the source (and so for the cache key).
    var sourceComment: String {
        guard !ops.isEmpty else { return "" }
        return "/* called back: " + ops.enumerated().map { "\($0) \(String(describing: $1))" }.joined(separator: ", ") + " */\n"
    }
}

/// The process-wide side of ``CCallbackTable``: boxed ops (kept for the life of the process, as
/// libraries are shared between programs) and the C-callable function that evaluates them.
enum CCallbacks {
    /// An op with its evaluation resolved once.
    final class Box {
        let evaluate: (UnsafePointer<Double>) -> Double
        init(_ evaluate: @escaping (UnsafePointer<Double>) -> Double) { self.evaluate = evaluate }
    }

    nonisolated(unsafe) private static var boxes: [AnyHashable: Unmanaged<Box>] = [:]
    private static let lock = NSLock()

    /// What native code calls: `op` is a box, `args` the operands.
    static let function: @convention(c) (UnsafeRawPointer?, UnsafePointer<Double>?) -> Double = { op, args in
        guard let op, let args else { return .nan }
        return Unmanaged<Box>.fromOpaque(op).takeUnretainedValue().evaluate(args)
    }

    /// The box of `op` (made once per distinct op).
    static func box(_ op: any ScalarOp) -> UnsafeRawPointer? {
        lock.lock()
        defer { lock.unlock() }
        let key = AnyHashable(op)
        if let b = boxes[key] { return UnsafeRawPointer(b.toOpaque()) }
        guard let evaluate = evaluator(op) else { return nil }
        let b = Unmanaged.passRetained(Box(evaluate))
        boxes[key] = b
        return UnsafeRawPointer(b.toOpaque())
    }

    /// The op's value at one element from a pointer to its operands.
    static func evaluator(_ op: any ScalarOp) -> ((UnsafePointer<Double>) -> Double)? {
        switch op {
        case let u as any UnaryScalarOp: return { u.evaluate($0[0]) }
        case let b as any BinaryScalarOp: return { b.evaluate($0[0], $0[1]) }
        case let t as any TernaryScalarOp: return { t.evaluate($0[0], $0[1], $0[2]) }
        default: return nil
        }
    }
}

extension CKernel {
    /// The C expression of `op` on the operands `x`: its own C form, or a call back into Swift.
    public func scalarExpression(_ op: any ScalarOp, _ x: [String]) -> String? {
        op.cExpression(x) ?? callbacks?.expression(op, x)
    }
}
