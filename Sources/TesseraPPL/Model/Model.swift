import Foundation
import Tessera
import TesseraLogProb

/// A probabilistic model: a graph of random variables plus the bookkeeping PyMC keeps —
/// names, value variables, transforms, observed data, deterministics, potentials, coords.
///
/// ```swift
/// let model = try Model {
///     let mu = Normal("mu", mu: 0, sigma: 1)
///     let logSigma = Normal("log_sigma", mu: 0, sigma: 1)
///     Normal("y", mu: mu, sigma: exp(logSigma), observed: [3, 4, 5])
/// }
/// ```
/// Inside the closure the model is the *current model* (a task-local value, as PyMC's `with`
/// block), so named distributions register themselves.
public final class Model: @unchecked Sendable {
    /// The model being built by the innermost `Model { }` on this task.
    @TaskLocal static var current: Model?

    /// The model's name; variables of a nested model are prefixed `name::`.
    public let name: String
    /// Named coordinates of dims: `["school": ["A", "B", …]]`.
    public internal(set) var coords: [String: [String]]
    /// The dims of each named variable.
    public internal(set) var dims: [String: [String]] = [:]
    /// Random variables with no data: what inference samples.
    public internal(set) var freeRVs: [Variable] = []
    /// Random variables with data.
    public internal(set) var observedRVs: [Variable] = []
    /// Named deterministic functions of the random variables, recorded with every draw.
    public internal(set) var deterministics: [Variable] = []
    /// Extra log-probability terms.
    public internal(set) var potentials: [Variable] = []
    /// The value variable of each free random variable (in the transformed space where a transform applies)
    /// and of each observed one (its data).
    public internal(set) var rvsToValues: [Variable: Variable] = [:]
    /// The transform of each transformed free random variable.
    public internal(set) var rvsToTransforms: [Variable: any Transform] = [:]
    /// `Data(...)` containers by name (shared variables that `setData` changes).
    public internal(set) var dataVars: [String: Variable] = [:]
    /// Log-densities given by closures (`CustomDist`) instead of derived, by random variable.
    public internal(set) var customLogps: [Variable: @Sendable (Variable) -> Variable] = [:]
    /// User-given initial values, in the constrained space.
    var initvals: [Variable: NDArray] = [:]
    /// Every named variable.
    var named: [String: Variable] = [:]
    /// Names in the order they were registered.
    var order: [String] = []
    /// Errors found while building (a named constructor cannot throw), thrown by `Model { }`.
    var errors: [Error] = []
    /// The parent when this is a nested model.
    let parent: Model?
    /// Seeds for the random generators of the model's random variables.
    var rngCount: UInt64 = 0

    /// Builds a model by running `build` with this model as the current one.
    ///
    /// - Throws: the first error found while building (a duplicate name, observed data that
    ///   does not fit, an unknown dim …), or what `build` throws.
    public init(name: String = "", coords: [String: [String]] = [:], _ build: () throws -> Void) throws {
        self.name = name
        self.coords = coords
        self.parent = Model.current
        if let parent { for (k, v) in coords where parent.root.coords[k] == nil { parent.root.coords[k] = v } }
        try Model.$current.withValue(self) { try build() }
        if let e = errors.first { throw e }
    }

    /// The outermost model (where a nested model registers its variables).
    var root: Model { parent?.root ?? self }

    /// The prefix of names registered through this model.
    var prefix: String {
        let own = name.isEmpty ? "" : name + "::"
        return (parent?.prefix ?? "") + own
    }

    /// Every random variable: free then observed.
    public var basicRVs: [Variable] { freeRVs + observedRVs }

    /// The value variables of the free random variables, in order (`sigma_log__` for a transformed one).
    public var valueVars: [Variable] { freeRVs.map { rvsToValues[$0]! } }

    /// The named variable (random, deterministic, potential or data) called `name`.
    public subscript(_ name: String) -> Variable? { named[name] }

    /// The name of a variable of this model.
    func nameOf(_ v: Variable) -> String { v.name ?? "\(v)" }

    func record(_ error: Error) { root.errors.append(error) }

    /// Registers a name; records an error when it is taken.
    func claim(_ name: String, _ v: Variable) -> Bool {
        let r = root
        if r.named[name] != nil {
            record(ModelError.duplicateName("the name '\(name)' is used twice in the model; each variable needs its own name"))
            return false
        }
        r.named[name] = v
        r.order.append(name)
        v.name = name
        return true
    }

    /// Checks and records the dims of a variable.
    func registerDims(_ name: String, _ dims: [String]?, shape: [Int?]) {
        guard let dims else { return }
        let r = root
        guard dims.count == shape.count else {
            record(ModelError.invalidDims("'\(name)': dims \(dims) name \(dims.count) axes, but the variable has \(shape.count) (shape \(Shape.format(shape)))"))
            return
        }
        for (axis, d) in dims.enumerated() {
            guard let c = r.coords[d] else {
                record(ModelError.invalidDims("'\(name)': unknown dim '\(d)'; add it to the model's coords (known: \(r.coords.keys.sorted()))"))
                return
            }
            if let n = shape[axis], n != c.count {
                record(ModelError.invalidDims("'\(name)': dim '\(d)' has \(c.count) coords, but axis \(axis) has length \(n)"))
                return
            }
        }
        r.dims[name] = dims
    }

    /// A fresh generator for a new random variable, seeded from the model's counter.
    func nextRNG() -> Variable {
        let r = root
        r.rngCount += 1
        return shared(RandomState(seed: 0x5EED_0000 &+ r.rngCount))
    }
}
