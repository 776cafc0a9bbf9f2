import Foundation
import Testing
import Tessera

/// Loads a JSON fixture written by a script in `Scripts/fixtures/` (NumPy/SciPy reference values).
///
/// Non-finite numbers are written as the strings "nan", "inf", "-inf".
public enum Fixture {
    public static func load(_ name: String, in bundle: Bundle) throws -> Any {
        guard let url = bundle.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw TesseraError.invalidArgument("fixture \(name).json not found; run the script in Scripts/fixtures")
        }
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    /// A number from a fixture value (number or "nan"/"inf"/"-inf").
    public static func double(_ v: Any) -> Double {
        // JSONSerialization gives numbers with long mantissas (0.9999999999999999) as NSDecimalNumber,
        // whose conversion to Double is not correctly rounded; its decimal text is exact.
        if let d = v as? NSDecimalNumber, let x = Double(d.stringValue) { return x }
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        if let b = v as? Bool { return b ? 1 : 0 }
        switch v as? String {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: fatalError("fixture value \(v) is not a number")
        }
    }

    /// An array from a fixture entry `{"shape": [...], "dtype": "float64", "data": [...]}`.
    public static func array(_ v: Any) throws -> NDArray {
        guard let d = v as? [String: Any], let shape = d["shape"] as? [Int], let data = d["data"] as? [Any] else {
            throw TesseraError.invalidArgument("fixture entry is not an array record: \(v)")
        }
        let dtype = DType(rawValue: d["dtype"] as? String ?? "float64") ?? .float64
        return try NDArray(shape: shape, elements: data.map(double), dtype: dtype)
    }
}

/// Expects two arrays to agree in shape, dtype (optionally) and values within tolerance.
public func expectClose(_ actual: NDArray, _ expected: NDArray, rtol: Double = 1e-12, atol: Double = 0,
                 checkDType: Bool = true, _ comment: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, "shape \(actual.shape) != \(expected.shape) \(comment)",
            sourceLocation: sourceLocation)
    if checkDType {
        #expect(actual.dtype == expected.dtype, "dtype \(actual.dtype) != \(expected.dtype) \(comment)",
                sourceLocation: sourceLocation)
    }
    #expect(actual.isClose(to: expected, rtol: rtol, atol: atol),
            "values differ (max rel \(actual.maxRelativeDifference(to: expected))) \(comment)\nactual:   \(actual)\nexpected: \(expected)",
            sourceLocation: sourceLocation)
}

/// Expects a thrown TesseraError whose message contains `fragment`.
public func expectError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error mentioning '\(fragment)', but nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as TesseraError {
        #expect(e.message.contains(fragment), "error '\(e.message)' does not mention '\(fragment)'",
                sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    }
}
