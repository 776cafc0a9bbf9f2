/// Errors of building, reading and writing ``InferenceData`` and of the diagnostics over it:
/// each message names the function or variable, what was expected and what was given.
public enum InferenceDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An argument that does not fit: shapes, dims, coords, names, probabilities.
    case invalidArgument(String)
    /// A variable name a dataset does not have.
    case unknownVariable(String)
    /// A file or store that is not in the format expected (or uses a feature not supported).
    case unreadableStore(String)
    /// A file-system operation that failed.
    case io(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m), .unknownVariable(let m), .unreadableStore(let m), .io(let m): m
        }
    }
}
