/// The improper flat distribution on the real line (PyMC's `Flat`): a prior with log-density 0
/// that has no normalised density and so no sampler. Drawing it is a thrown error; models use
/// it only through its log-density.
public struct FlatDistribution: RandomDistribution {
    public init() {}
    public var name: String { "flat" }
    public var paramNames: [String] { [] }
    public func validate(_ p: [NDArray]) throws {}
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        throw TesseraError.invalidArgument(
            "flat: Flat has no sampler (it is an improper prior); it cannot be drawn in prior or posterior predictive sampling")
    }
}

/// The improper flat distribution on [0, ∞) (PyMC's `HalfFlat`): log-density 0 there, −∞ below;
/// no sampler, so drawing it is a thrown error.
public struct HalfFlatDistribution: RandomDistribution {
    public init() {}
    public var name: String { "half_flat" }
    public var paramNames: [String] { [] }
    public func validate(_ p: [NDArray]) throws {}
    public func sample(_ rng: inout RandomState, _ params: [[Double]], count: Int,
                       into out: UnsafeMutableBufferPointer<Double>) throws {
        throw TesseraError.invalidArgument(
            "half_flat: HalfFlat has no sampler (it is an improper prior); it cannot be drawn in prior or posterior predictive sampling")
    }
}
