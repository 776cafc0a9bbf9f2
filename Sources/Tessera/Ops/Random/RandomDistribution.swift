/// A distribution that random-variable nodes draw from: its metadata (as data) and its sampler.
///
/// Univariate distributions conform to ``UnivariateDistribution`` and only write `draw`;
/// multivariate ones declare `ndimSupp`, `paramNDims` and `supportShape` and write `sample`.
public protocol RandomDistribution: Hashable, Sendable {
    /// The name as PyTensor prints it before `_rv` (`normal`, `gamma`).
    var name: String { get }
    /// Parameter names, for error messages (`["mu", "sigma"]`).
    var paramNames: [String] { get }
    /// Rank of one draw: 0 for scalars, 1 for vectors (multivariate normal, dirichlet).
    var ndimSupp: Int { get }
    /// The core rank of each parameter (a mean vector: 1, a covariance: 2).
    var paramNDims: [Int] { get }
    /// The dtype of the draws: float64, or int64 for discrete distributions.
    var dtype: DType { get }

    /// The shape of one draw, from the parameters' values (the trailing core dimensions).
    func supportShape(_ params: [NDArray]) throws -> [Int]
    /// What is known statically of the shape of one draw.
    func staticSupportShape(_ params: [Variable]) -> [Int?]
    /// Checks parameter values, throwing an error that names the distribution and parameter.
    func validate(_ params: [NDArray]) throws
    /// Fills `out` with `count` draws (each of the support shape). `params[k]` holds the
    /// parameter broadcast to the batch: `count` consecutive core blocks.
    func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int, into out: UnsafeMutableBufferPointer<Double>) throws
}

extension RandomDistribution {
    public var ndimSupp: Int { 0 }
    public var paramNDims: [Int] { paramNames.map { _ in 0 } }
    public var dtype: DType { .float64 }
    public func supportShape(_ params: [NDArray]) throws -> [Int] { [] }
    public func staticSupportShape(_ params: [Variable]) -> [Int?] { [] }
}

/// A distribution of scalars whose sampler draws one value from up to three parameters.
public protocol UnivariateDistribution: RandomDistribution {
    /// One draw given the parameter values (unused ones are 0).
    func draw(_ rng: inout RandomState, _ p0: Double, _ p1: Double, _ p2: Double) -> Double
}

extension UnivariateDistribution {
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        let k = params.count
        let a = k > 0 ? params[0] : [], b = k > 1 ? params[1] : [], c = k > 2 ? params[2] : []
        for i in 0..<count {
            out[i] = draw(&rng, k > 0 ? a[i] : 0, k > 1 ? b[i] : 0, k > 2 ? c[i] : 0)
        }
    }
}

/// Parameter checks shared by samplers: each throws a message naming distribution and parameter.
public enum ParameterCheck {
    /// Every value is finite and > 0.
    public static func positive(_ v: NDArray, _ param: String, _ dist: String) throws {
        if let bad = v.storage.first(where: { !($0 > 0) || !$0.isFinite }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be positive, but has the value \(bad)")
        }
    }
    /// Every value is finite.
    public static func finite(_ v: NDArray, _ param: String, _ dist: String) throws {
        if let bad = v.storage.first(where: { !$0.isFinite }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be finite, but has the value \(bad)")
        }
    }
    /// Every value is in [0, 1].
    public static func probability(_ v: NDArray, _ param: String, _ dist: String) throws {
        if let bad = v.storage.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be a probability in [0, 1], but has the value \(bad)")
        }
    }
    /// Every value is a whole number ≥ 0.
    public static func count(_ v: NDArray, _ param: String, _ dist: String) throws {
        if let bad = v.storage.first(where: { !($0 >= 0) || $0 != $0.rounded() || !$0.isFinite }) {
            throw TesseraError.invalidArgument("\(dist): parameter '\(param)' must be a whole number ≥ 0, but has the value \(bad)")
        }
    }
}
