/// A random variable node: inputs `(rng, size, params…)`, outputs `(nextRNG, draw)`.
///
/// A graph function stays a deterministic function of its inputs: the same RNG state gives
/// the same draw. Shapes follow NumPy's `size` semantics: without a size, the draw has the
/// broadcast batch shape of the parameters (each parameter's shape less its core dimensions),
/// followed by the support shape.
public struct RandomVariable: Op, NonFoldable {
    public let distribution: any RandomDistribution
    /// Whether the `size` input holds a size (`false`: the parameters' batch shape, NumPy's `size=None`).
    public let hasSize: Bool

    public init(_ distribution: any RandomDistribution, hasSize: Bool) {
        self.distribution = distribution
        self.hasSize = hasSize
    }

    public static func == (a: RandomVariable, b: RandomVariable) -> Bool {
        AnyHashable(a.distribution) == AnyHashable(b.distribution) && a.hasSize == b.hasSize
    }
    public func hash(into h: inout Hasher) {
        h.combine(AnyHashable(distribution))
        h.combine(hasSize)
    }

    /// PyTensor's printed form: `normal_rv{0, (0, 0), float64, False}`.
    public var name: String {
        let d = distribution
        let nd = d.paramNDims.map(String.init).joined(separator: ", ")
        return "\(d.name)_rv{\(d.ndimSupp), (\(nd)\(d.paramNDims.count == 1 ? "," : "")), \(d.dtype), False}"
    }

    public func outputTypes(_ inputs: [Variable]) throws -> [TensorType] {
        let d = distribution
        guard inputs.count == 2 + d.paramNames.count else {
            throw TesseraError.invalidArgument("\(d.name): expects \(d.paramNames.count) parameters (\(d.paramNames.joined(separator: ", "))), got \(inputs.count - 2)")
        }
        guard inputs[0].type.isRandomState else {
            throw TesseraError.invalidArgument("\(d.name): the rng input '\(inputs[0])' is not a random generator state; pass shared(RandomState(seed:))")
        }
        let params = Array(inputs[2...])
        var batches: [[Int?]] = []
        for (k, p) in params.enumerated() {
            let core = d.paramNDims[k]
            guard p.ndim >= core else {
                throw TesseraError.shapeMismatch("\(d.name): parameter '\(d.paramNames[k])' needs at least \(core) dimension(s), but '\(p)' has \(p.ndim)")
            }
            batches.append(Array(p.staticShape.dropLast(core)))
        }
        guard let paramBatch = Shape.broadcastStatic(batches) else {
            throw TesseraError.shapeMismatch("\(d.name): the parameters' shapes \(batches.map(Shape.format).joined(separator: ", ")) cannot be broadcast together")
        }
        var batch: [Int?] = paramBatch
        if hasSize {
            let size = inputs[1]
            if let v = size.constantValue {
                batch = v.storage.map { Int($0) }
                guard Shape.broadcastStatic([paramBatch, batch]) == batch else {
                    throw TesseraError.shapeMismatch("\(d.name): size \(Shape.format(batch)) is incompatible with the parameters' batch shape \(Shape.format(paramBatch))")
                }
            } else {
                guard size.ndim == 1, let n = size.staticShape[0] else {
                    throw TesseraError.invalidArgument("\(d.name): size must be a vector of known length")
                }
                batch = Array(repeating: nil, count: n)
            }
        }
        return [.randomState, TensorType(dtype: d.dtype, shape: batch + d.staticSupportShape(params))]
    }

    public func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        let d = distribution
        var rng = try RandomState(inputs[0])
        let params = Array(inputs[2...])
        try d.validate(params)
        let batches = params.enumerated().map { Array($1.shape.dropLast(d.paramNDims[$0])) }
        guard let paramBatch = Shape.broadcast(batches) else {
            throw TesseraError.shapeMismatch("\(d.name): the parameters' shapes \(params.map(\.shape)) cannot be broadcast together")
        }
        var batch = paramBatch
        if hasSize {
            batch = inputs[1].storage.map { Int($0) }
            guard batch.allSatisfy({ $0 >= 0 }), Shape.broadcast([paramBatch, batch]) == batch else {
                throw TesseraError.shapeMismatch("\(d.name): size \(batch) is incompatible with the parameters' batch shape \(paramBatch)")
            }
        }
        let support = try d.supportShape(params)
        let count = batch.reduce(1, *)
        // Each parameter broadcast over the batch, core blocks kept together.
        let gathered: [[Double]] = params.enumerated().map { k, p in
            let coreShape = Array(p.shape.suffix(d.paramNDims[k]))
            let core = coreShape.reduce(1, *)
            let own = batches[k]
            if own == batch { return p.storage }
            if core == 1 {
                return BroadcastPlan(output: batch, inputs: [own]).gather(p.storage, input: 0)
            }
            let blocks = BroadcastPlan(output: batch, inputs: [own]).gather((0..<own.reduce(1, *)).map(Double.init), input: 0)
            var out: [Double] = []
            out.reserveCapacity(count * core)
            for b in blocks { out.append(contentsOf: p.storage[(Int(b) * core)..<(Int(b) * core + core)]) }
            return out
        }
        outputs[1].prepare(shape: batch + support, dtype: d.dtype)
        try outputs[1].storage.withUnsafeMutableBufferPointer { out in
            try d.sample(&rng, gathered, count: count, into: out)
        }
        outputs[0] = rng.asArray
    }

    public func pullback(_ node: Apply, _ outputGradients: [Variable]) -> [Variable?] {
        node.inputs.map { $0.dtype.isFloat ? notDifferentiable(self, $0) : nil }
    }
}

/// Whether a variable is the draw of a random variable node.
extension Variable {
    /// The random variable node producing this draw, if it is one.
    public var randomVariable: RandomVariable? {
        guard let owner, index == 1 else { return nil }
        return owner.op as? RandomVariable
    }
}

/// Builds random variables: `Random.normal(mu, sigma, size: [10], rng: rng, name: "n")`.
///
/// Without `rng`, a fresh shared generator is made (seeded from the system; reseed it with
/// `compileWithRNGUpdates(seed:)` or `setValue`). `size` follows NumPy.
public enum Random {
    /// A random variable of any distribution with parameter variables.
    public static func variable(_ distribution: any RandomDistribution, _ params: [Variable], size: [Int]? = nil,
                                rng: Variable? = nil, name: String? = nil) -> Variable {
        let r = rng ?? shared(RandomState(seed: UInt64.random(in: 0...UInt64.max)))
        let sizeVar = constant(NDArray(uncheckedShape: [size?.count ?? 0], dtype: .int64, storage: (size ?? []).map(Double.init)),
                               name: size == nil ? "NoneConst" : nil)
        let outs = applyOp(RandomVariable(distribution, hasSize: size != nil), [r, sizeVar] + params)
        let draw = outs.count > 1 ? outs[1] : outs[0]
        if let name { draw.name = name }
        return draw
    }
}
