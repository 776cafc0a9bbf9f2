import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// One distribution of the density tables: its fixture key in densities.json
/// (Scripts/fixtures/densities.py) and what the checks need to know about it.
struct DensityCase: Sendable, CustomTestStringConvertible {
    /// The fixture key.
    let key: String
    let distribution: any DensityDistribution
    /// Indices of parameters that are counts (no gradient is checked for them).
    var countParams: Set<Int> = []
    /// Relative tolerance of the log-probability (and CDFs) against the fixtures.
    var rtol = 1e-12
    /// Relative tolerance of the finite-difference gradient check.
    var gradientRtol = 1e-6
    /// Whether the gradient with respect to the value is checked (not for values on a simplex,
    /// which finite differences leave).
    var differentiatesValue = true
    /// Whether the compiled log-density runs without VM steps (not where an op has no C form yet).
    var isNativeOnly = true

    var testDescription: String { key }
    var isDiscrete: Bool { distribution.dtype == .int64 }

    init(_ key: String, _ distribution: any DensityDistribution, counts: Set<Int> = [], rtol: Double = 1e-12,
         gradientRtol: Double = 1e-6, differentiatesValue: Bool = true, isNativeOnly: Bool = true) {
        self.differentiatesValue = differentiatesValue
        self.isNativeOnly = isNativeOnly
        self.key = key
        self.distribution = distribution
        self.countParams = counts
        self.rtol = rtol
        self.gradientRtol = gradientRtol
    }
}


/// The fixture tables of densities.json.
enum DensityFixture {
    nonisolated(unsafe) static let all: [String: Any] = {
        (try? Fixture.load("densities") as? [String: Any]) ?? [:]
    }()

    /// The cases of one distribution.
    static func cases(_ key: String) -> [[String: Any]] {
        ((all[key] as? [String: Any])?["cases"] as? [[String: Any]]) ?? []
    }

    /// The invalid parameter sets of one distribution, with the message fragment each must give.
    static func invalid(_ key: String) -> [[String: Any]] {
        ((all[key] as? [String: Any])?["invalid"] as? [[String: Any]]) ?? []
    }

    /// A fixture entry as an array: a number, or (nested) lists of numbers.
    static func array(_ v: Any?) throws -> NDArray {
        func flatten(_ v: Any, _ shape: inout [Int], depth: Int) -> [Double] {
            if let list = v as? [Any] {
                if shape.count == depth { shape.append(list.count) }
                return list.flatMap { flatten($0, &shape, depth: depth + 1) }
            }
            return [Fixture.double(v)]
        }
        guard let v else { throw TesseraError.invalidArgument("missing fixture entry") }
        var shape: [Int] = []
        let data = flatten(v, &shape, depth: 0)
        return try NDArray(shape: shape, elements: data)
    }
}

/// A symbolic input shaped like `value` (float64).
func input(like value: NDArray, _ name: String) -> Variable {
    tensor(name, shape: value.shape.map { $0 })
}

/// Checks one distribution against its fixtures: log-density at every case's values (on the VM and
/// in generated C), log-CDF,
/// log-survival function and quantiles where the fixture has them, the parameter checks
/// (`−∞`, and the message of the failing check) and, at the first (ordinary) case, the gradient
/// with respect to every float parameter and, for continuous distributions, the value.
func checkDensity(_ c: DensityCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let cases = DensityFixture.cases(c.key)
    #expect(!cases.isEmpty, "no fixture cases for \(c.key)", sourceLocation: sourceLocation)
    for (n, entry) in cases.enumerated() {
        let paramValues = try (entry["params"] as! [Any]).map { try DensityFixture.array($0) }
        let params = paramValues.enumerated().map { input(like: $1, "p\($0)") }
        let value = try DensityFixture.array(entry["value"])
        let x = input(like: value, "x")
        var givens: [Variable: any NDArrayConvertible] = [x: value]
        for (p, v) in zip(params, paramValues) { givens[p] = v }
        let rv = Random.variable(c.distribution, params)
        let label = "\(c.key) case \(n) params \(paramValues.map(\.description))"

        let lp = try logp(rv, x)
        expectClose(try lp.eval(givens), try DensityFixture.array(entry["logp"]), rtol: c.rtol,
                    "\(label) logp", sourceLocation: sourceLocation)
        // The generated C computes what the VM does, with no step left to the VM.
        try checkBackendsAgree(params + [x], [lp], at: [paramValues + [value]], rtol: c.rtol,
                               sourceLocation: sourceLocation)
        if n == 0 && c.isNativeOnly {
            let f = try function(params + [x], [lp], mode: .c)
            _ = try f.call(paramValues + [value])
            #expect(!f.isMixed, "\(label): VM steps in the native log-density:\n\(f.dprint())",
                    sourceLocation: sourceLocation)
        }

        if let expected = entry["logcdf"] {
            if let l = c.distribution.logcdf(x, params) {
                expectClose(try l.eval(givens), try DensityFixture.array(expected), rtol: c.rtol,
                            "\(label) logcdf", sourceLocation: sourceLocation)
                // The public entry point gives the same graph.
                expectClose(try logcdf(rv, x).eval(givens), try l.eval(givens), rtol: 0, "\(label) logcdf(rv)",
                            sourceLocation: sourceLocation)
            } else {
                Issue.record("\(label): the fixture has a log-CDF but the distribution has none",
                             sourceLocation: sourceLocation)
            }
        }
        if let expected = entry["logsf"], let l = c.distribution.logsf(x, params) {
            expectClose(try l.eval(givens), try DensityFixture.array(expected), rtol: c.rtol,
                        "\(label) logsf", sourceLocation: sourceLocation)
        }
        if let qs = entry["q"] {
            let qValue = try DensityFixture.array(qs)
            let q = input(like: qValue, "q")
            var qGivens = givens
            qGivens[x] = nil
            qGivens[q] = qValue
            let l = try icdf(rv, q)
            expectClose(try l.eval(qGivens), try DensityFixture.array(entry["icdf"]), rtol: c.rtol,
                        "\(label) icdf", sourceLocation: sourceLocation)
        }
    }
    try checkInvalidParameters(c, sourceLocation: sourceLocation)
    try checkDensityGradient(c, sourceLocation: sourceLocation)
}

/// Invalid parameters give `−∞` at the first case's values, and the check that fails names the
/// distribution and the parameter (the message `raise` mode would throw).
func checkInvalidParameters(_ c: DensityCase, sourceLocation: SourceLocation) throws {
    let invalid = DensityFixture.invalid(c.key)
    #expect(!invalid.isEmpty, "no invalid parameters for \(c.key)", sourceLocation: sourceLocation)
    let value = try DensityFixture.array(DensityFixture.cases(c.key)[0]["value"])
    for entry in invalid {
        let paramValues = try (entry["params"] as! [Any]).map { try DensityFixture.array($0) }
        let message = entry["message"] as! String
        let params = paramValues.map { constant($0) }
        let lp = try logp(Random.variable(c.distribution, params), constant(value))
        let result = try lp.eval()
        #expect(result.doubles.allSatisfy { $0 == -.infinity }, "\(c.key) \(paramValues): \(result), expected -inf",
                sourceLocation: sourceLocation)
        // The checks whose condition fails somewhere.
        let failing = try Graph.topologicalOrder(outputs: [lp]).compactMap { node -> String? in
            guard let check = node.op as? CheckParameters else { return nil }
            let failed = try node.inputs.dropFirst().contains { try $0.eval().doubles.contains(0) }
            return failed ? check.message : nil
        }
        #expect(failing.contains(message), "\(c.key) \(paramValues): failing checks \(failing), expected '\(message)'",
                sourceLocation: sourceLocation)
    }
}

/// The gradient of the summed log-density (and log-CDF and log-survival function, where built) at
/// the first case, against finite differences: with respect to every float parameter and, for
/// continuous distributions, the values.
func checkDensityGradient(_ c: DensityCase, sourceLocation: SourceLocation) throws {
    let entry = DensityFixture.cases(c.key)[0]
    let paramValues = try (entry["params"] as! [Any]).map { try DensityFixture.array($0) }
    let value = try DensityFixture.array(entry["value"])
    let free = paramValues.indices.filter { !c.countParams.contains($0) }
    var inputs = free.map { input(like: paramValues[$0], "p\($0)") }
    var at = free.map { paramValues[$0] }
    let valueIsInput = !c.isDiscrete && c.differentiatesValue
    if valueIsInput {
        inputs.append(input(like: value, "x"))
        at.append(value)
    }
    let distribution = c.distribution, countParams = c.countParams
    /// The parameters and value from the checker's inputs (counts stay constants).
    func unpack(_ v: [Variable], _ value: NDArray) -> ([Variable], Variable) {
        var k = 0
        let params = paramValues.indices.map { i -> Variable in
            if countParams.contains(i) { return constant(paramValues[i]) }
            defer { k += 1 }
            return v[k]
        }
        return (params, valueIsInput ? v[k] : constant(value))
    }
    try checkGradient(inputs, at: at, rtol: c.gradientRtol, sourceLocation: sourceLocation) { v in
        let (params, x) = unpack(v, value)
        return sum(try! logp(Random.variable(distribution, params), x))
    }
    // The log-CDF and log-survival function, where they exist, at the values where both are finite.
    guard !inputs.isEmpty, distribution.logcdf(constant(value), paramValues.map { constant($0) }) != nil,
          let lcdf = entry["logcdf"], let lsf = entry["logsf"] else { return }
    let (f, s) = (try DensityFixture.array(lcdf), try DensityFixture.array(lsf))
    let finite = value.storage.indices.filter { f.storage[$0].isFinite && s.storage[$0].isFinite }
    let interior = try NDArray(shape: [finite.count], elements: finite.map { value.storage[$0] })
    if valueIsInput { at[at.count - 1] = interior }
    let valueInterior = interior
    try checkGradient(inputs, at: at, rtol: c.gradientRtol, sourceLocation: sourceLocation) { v in
        let (params, x) = unpack(v, valueInterior)
        return sum(distribution.logcdf(x, params)!)
    }
    try checkGradient(inputs, at: at, rtol: c.gradientRtol, sourceLocation: sourceLocation) { v in
        let (params, x) = unpack(v, valueInterior)
        return sum(distribution.logsf(x, params)!)
    }
}
