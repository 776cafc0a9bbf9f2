import Tessera

/// Errors of model building and evaluation: each names the variable, what was expected,
/// what was given, and what to do.
public enum ModelError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A distribution with a name was created outside `Model { }`.
    case noModel(String)
    /// Two variables with one name.
    case duplicateName(String)
    /// Observed data that does not fit the variable (shape, dtype, NaN).
    case invalidObserved(String)
    /// A dim name not among the model's coords, or a dims list that does not fit the shape.
    case invalidDims(String)
    /// A name the model does not have.
    case unknownVariable(String)
    /// The starting point has a non-finite log-density.
    case initialPointNotFinite(variable: String, logp: Double)
    /// Anything else a user did that the model cannot take.
    case invalid(String)

    public var description: String {
        switch self {
        case .noModel(let m), .duplicateName(let m), .invalidObserved(let m), .invalidDims(let m),
            .unknownVariable(let m), .invalid(let m):
            m
        case .initialPointNotFinite(let v, let lp):
            "the initial point has log-density \(lp) at variable '\(v)'; check its data and priors (model.debug() explains), or give initvals"
        }
    }
}
