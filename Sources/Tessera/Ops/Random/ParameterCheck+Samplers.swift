/// More parameter checks for the samplers: each throws a message naming distribution and parameter.
extension ParameterCheck {
    /// Every value is finite and ≥ 0.
    public static func nonNegative(_ v: NDArray, _ param: String, _ dist: String) throws {
        if let bad = v.storage.first(where: { !($0 >= 0) || !$0.isFinite }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be ≥ 0 and finite, but has the value \(bad)")
        }
    }

    /// Every value is a whole number in 0 ... 2⁵³ (a number of trials: exact, and countable one by one).
    public static func trials(_ v: NDArray, _ param: String, _ dist: String) throws {
        try count(v, param, dist)
        if let bad = v.storage.first(where: { $0 > 0x1p53 }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be at most 2^53, but has the value \(bad)")
        }
    }

    /// Every value is in (0, 1]: a success probability that must not be 0 (geometric, negative binomial).
    public static func positiveProbability(_ v: NDArray, _ param: String, _ dist: String) throws {
        if let bad = v.storage.first(where: { !($0 > 0 && $0 <= 1) }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be a probability in (0, 1], but has the value \(bad)")
        }
    }

    /// Every value is a whole number of magnitude at most 2⁵³ (exact in a double).
    public static func integer(_ v: NDArray, _ param: String, _ dist: String) throws {
        if let bad = v.storage.first(where: { !(abs($0) <= 0x1p53) || $0 != $0.rounded() }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be a whole number (at most 2^53 in magnitude), but has the value \(bad)")
        }
    }

    /// Every pair of values of two scalar-core parameters, broadcast together, satisfies `holds`;
    /// otherwise throws `message(a, b)` for the first pair that does not. Shapes that do not broadcast
    /// are left for the random-variable op to report.
    public static func pairs(_ a: NDArray, _ b: NDArray, _ dist: String, where holds: (Double, Double) -> Bool,
                             _ message: (Double, Double) -> String) throws {
        guard let shape = Shape.broadcast([a.shape, b.shape]) else { return }
        let plan = BroadcastPlan(output: shape, inputs: [a.shape, b.shape])
        let x = plan.gather(a.storage, input: 0), y = plan.gather(b.storage, input: 1)
        if let i = x.indices.first(where: { !holds(x[$0], y[$0]) }) {
            throw TesseraError.invalidArgument("\(dist): \(message(x[i], y[i]))")
        }
    }

    /// Every vector along the last axis is a list of non-negative finite weights with a positive sum
    /// (probabilities up to normalisation: categorical, multinomial).
    public static func weights(_ v: NDArray, _ param: String, _ dist: String) throws {
        guard let k = v.shape.last, k > 0 else {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' needs at least one category, but has shape \(v.shape)")
        }
        if let bad = v.storage.first(where: { !($0 >= 0) || !$0.isFinite }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must hold non-negative finite probabilities, but has the value \(bad)")
        }
        for start in stride(from: 0, to: v.storage.count, by: k) {
            var total = 0.0
            for j in start..<(start + k) { total += v.storage[j] }
            guard total > 0, total.isFinite else {
                throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must have a positive finite sum along its last axis, but a row sums to \(total)")
            }
        }
    }
}
