import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The cases of `Fixtures/shapes.json` (written by `Scripts/fixtures/shapes.py`), loaded once.
enum ShapesFixture {
    nonisolated(unsafe) private static var cache: [String: Any]?
    private static let lock = NSLock()

    static func cases(_ group: String) throws -> [[String: Any]] {
        lock.lock(); defer { lock.unlock() }
        if cache == nil { cache = try Fixture.load("shapes") as? [String: Any] }
        guard let list = cache?[group] as? [[String: Any]] else {
            throw TesseraError.invalidArgument("shapes.json has no group '\(group)'")
        }
        return list
    }

    /// The array record under `key`, or nil when absent or null.
    static func array(_ c: [String: Any], _ key: String) throws -> NDArray? {
        guard let v = c[key], !(v is NSNull) else { return nil }
        return try Fixture.array(v)
    }

    /// An axis entry: nil (null), one axis, or a list.
    enum Axis { case none, one(Int), many([Int]) }

    static func axis(_ c: [String: Any]) -> Axis {
        if let a = c["axis"] as? [Int] { return .many(a) }
        if let a = c["axis"] as? Int { return .one(a) }
        return .none
    }

    /// A symbolic input fitting `value`: its dtype, and its shape when `known` (else unknown sizes).
    static func input(for value: NDArray, known: Bool, name: String = "x") -> Variable {
        tensor(name, dtype: value.dtype, shape: value.shape.map { known ? $0 : nil })
    }

    /// The relative tolerance for comparing results of `dtype`.
    static func rtol(_ dtype: DType) -> Double { dtype == .float32 ? 2e-6 : 1e-10 }
}

/// The vector-Jacobian product `gzᵀ ∂y/∂wrt`, through `grad` of the cost `Σ y·gz`; `nil` when no
/// gradient reaches `wrt` (discrete ops, shape-only uses).
func pullbackGraph(_ y: Variable, seed gz: Variable, wrt: Variable) -> Variable? {
    let g = grad(sum(y * gz), wrt: wrt, disconnected: .raise)
    if let e = g.buildError, e.message.contains("does not depend") { return nil }
    return g
}

/// Expects the pullback of `y` with respect to `x` at `value`, seeded with `gz`, to be `gx`.
func expectPullback(_ y: Variable, wrt x: Variable, at value: NDArray, gz: NDArray, gx: NDArray,
                    rtol: Double = 1e-10, _ comment: String = "",
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard let g = pullbackGraph(y, seed: constant(gz), wrt: x) else {
        Issue.record("no gradient reaches the input \(comment)", sourceLocation: sourceLocation)
        return
    }
    #expect(g.buildError == nil, "gradient graph invalid: \(g.buildError?.message ?? "") \(comment)",
            sourceLocation: sourceLocation)
    #expect(g.ndim == x.ndim, "gradient rank \(g.ndim) != \(x.ndim) \(comment)", sourceLocation: sourceLocation)
    expectClose(try g.eval([x: value]), gx, rtol: rtol, atol: 1e-12, checkDType: false, comment,
                sourceLocation: sourceLocation)
}
