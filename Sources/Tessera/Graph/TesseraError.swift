/// Errors thrown by the `Tessera` module: each message names the op or variable,
/// what was expected, what was given, and what to do.
public enum TesseraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Shapes that cannot be combined (broadcasting, reshape, matrix products…).
    case shapeMismatch(String)
    /// A value of the wrong dtype for an input or op.
    case dtypeMismatch(String)
    /// An input of a compiled function was not given, or given twice.
    case missingInput(String)
    /// A bad argument: axis out of range, bad index, bad parameter.
    case invalidArgument(String)
    /// A numerical failure the caller should know of (a matrix that is not positive definite…).
    case numerical(String)
    /// An operation the graph or backend does not support.
    case unsupported(String)

    public var message: String {
        switch self {
        case .shapeMismatch(let m), .dtypeMismatch(let m), .missingInput(let m), .invalidArgument(let m),
            .numerical(let m), .unsupported(let m):
            m
        }
    }

    public var description: String { message }
}
