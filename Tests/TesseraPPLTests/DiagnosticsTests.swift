import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// The draw sets of Scripts/fixtures/diagnostics.py with ArviZ's values for them.
struct DiagnosticsFixture {
    let root: [String: Any]

    nonisolated(unsafe) static let shared: DiagnosticsFixture? = try? DiagnosticsFixture(root: Fixture.load("diagnostics") as! [String: Any])

    static func load() throws -> DiagnosticsFixture {
        guard let f = shared else { throw InferenceDataError.io("diagnostics.json did not load; run Scripts/fixtures/diagnostics.py") }
        return f
    }

    var setNames: [String] { (root["sets"] as! [String: Any]).keys.sorted() }

    func set(_ name: String) -> [String: Any] { (root["sets"] as! [String: Any])[name] as! [String: Any] }

    func draws(_ name: String) throws -> NDArray { try Fixture.array(set(name)["draws"]!) }

    func value(_ name: String, _ group: String, _ key: String) -> Double {
        Fixture.double((set(name)[group] as! [String: Any])[key]!)
    }
}

/// Expects `actual` within `rtol` of `expected` relative (both nan also agree).
func expectRelative(_ actual: Double, _ expected: Double, rtol: Double = 1e-8, _ comment: String,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    if expected.isNaN {
        #expect(actual.isNaN, "\(comment): expected nan, got \(actual)", sourceLocation: sourceLocation)
        return
    }
    let err = abs(actual - expected) / max(abs(expected), .leastNormalMagnitude)
    #expect(err <= rtol || actual == expected, "\(comment): \(actual) vs ArviZ \(expected) (relative error \(err))",
            sourceLocation: sourceLocation)
}

let diagnosticSets = ["iid_normal", "ar1_rho_0.9", "heavy_tailed", "shifted_mean", "odd_draws",
                      "single_chain", "discrete_ties", "too_short"]

@Suite struct DiagnosticsTests {
    @Test func fixtureHasEverySet() throws {
        #expect(try DiagnosticsFixture.load().setNames == diagnosticSets.sorted())
    }

    @Test(arguments: diagnosticSets)
    func rhatMatchesArviZ(_ name: String) throws {
        let f = try DiagnosticsFixture.load()
        let x = try f.draws(name)
        for method in RHatMethod.allCases {
            let r = try rhat(x, method: method)
            #expect(r.shape == [])
            expectRelative(r.scalar!, f.value(name, "rhat", method.rawValue), "\(name) rhat \(method)")
        }
    }

    @Test(arguments: diagnosticSets)
    func essMatchesArviZ(_ name: String) throws {
        let f = try DiagnosticsFixture.load()
        let x = try f.draws(name)
        let methods: [(ESSMethod, String)] = [(.bulk, "bulk"), (.tail, "tail"), (.mean, "mean"), (.sd, "sd"),
                                              (.median, "median"), (.folded, "folded"), (.identity, "identity"),
                                              (.quantile(0.25), "quantile_0.25")]
        for (method, key) in methods {
            expectRelative(try ess(x, method: method).scalar!, f.value(name, "ess", key), "\(name) ess \(key)")
        }
        expectRelative(try ess(x, relative: true).scalar!, Fixture.double(f.set(name)["ess_relative_bulk"]!),
                       "\(name) relative bulk ess")
    }

    @Test(arguments: diagnosticSets)
    func mcseMatchesArviZ(_ name: String) throws {
        let f = try DiagnosticsFixture.load()
        let x = try f.draws(name)
        for method in MCSEMethod.allCases {
            expectRelative(try mcse(x, method: method).scalar!, f.value(name, "mcse", method.rawValue), "\(name) mcse \(method)")
        }
    }

    @Test(arguments: diagnosticSets)
    func hdiMatchesArviZ(_ name: String) throws {
        let f = try DiagnosticsFixture.load()
        let x = try f.draws(name)
        let expected = f.set(name)["hdi"] as! [String: Any]
        for prob in [0.94, 0.5] {
            let bounds = (expected[String(prob)] as! [Any]).map(Fixture.double)
            let h = try hdi(x, hdiProb: prob)
            #expect(h.shape == [2])
            // The HDI is two of the draws themselves: exact.
            #expect(h.doubles == bounds, "\(name) hdi \(prob): \(h.doubles) vs ArviZ \(bounds)")
        }
    }

    @Test(arguments: diagnosticSets)
    func autocorrelationMatchesArviZ(_ name: String) throws {
        let f = try DiagnosticsFixture.load()
        let x = try f.draws(name)
        let n = x.shape[1]
        let expected = (f.set(name)["autocorr_chain0"] as! [Any]).map(Fixture.double)
        let actual = autocorr(Array(x.doubles[0..<n]))
        #expect(actual.count == expected.count)
        // Lags near zero correlation: compare against the scale of lag 0 (= 1).
        for (t, (a, e)) in zip(actual, expected).enumerated() {
            #expect(abs(a - e) <= 1e-12, "\(name) autocorr lag \(t): \(a) vs ArviZ \(e)")
        }
    }

    @Test func diagnosticsOfEveryElementOfAnArray() throws {
        // [chain, draw, 3]: each element is one of the fixture's sets (same chain/draw counts).
        let f = try DiagnosticsFixture.load()
        let sets = ["iid_normal", "heavy_tailed", "shifted_mean"]
        let xs = try sets.map { try f.draws($0) }
        let (chains, draws) = (4, 400)
        var elements = [Double]()
        for c in 0..<chains {
            for d in 0..<draws { for x in xs { elements.append(x[c, d]) } }
        }
        let stacked = try NDArray(shape: [chains, draws, 3], elements: elements)
        // Only the first 400 draws: compare with the per-element computation, itself checked above.
        let r = try rhat(stacked)
        let e = try ess(stacked, method: .tail)
        #expect(r.shape == [3] && e.shape == [3])
        for (i, x) in xs.enumerated() {
            let cut = try NDArray(shape: [chains, draws], elements: (0..<chains).flatMap { c in (0..<draws).map { x[c, $0] } })
            #expect(r.doubles[i] == (try rhat(cut)).scalar!)
            #expect(e.doubles[i] == (try ess(cut, method: .tail)).scalar!)
        }
        #expect(try hdi(stacked).shape == [3, 2])
        #expect(try mcse(stacked, method: .sd).shape == [3])
        // shifted_mean is its full set: ArviZ's value.
        expectRelative(r.doubles[2], f.value("shifted_mean", "rhat", "rank"), "shifted_mean in a stack")
    }

    @Test func aOneDimensionalArrayIsOneChain() throws {
        let f = try DiagnosticsFixture.load()
        let x = try f.draws("single_chain")
        let flat = try x.reshaped(to: [x.count])
        expectRelative(try ess(flat).scalar!, f.value("single_chain", "ess", "bulk"), "1-d bulk ess")
        #expect(try rhat(flat).scalar!.isNaN)
    }

    @Test func nanDrawsGiveNan() throws {
        var values = [Double](repeating: 0, count: 40).enumerated().map { Double($0.offset % 7) }
        values[5] = .nan
        let x = try NDArray(shape: [2, 20], elements: values)
        #expect(try rhat(x).scalar!.isNaN)
        #expect(try ess(x).scalar!.isNaN)
        #expect(try mcse(x).scalar!.isNaN)
        #expect(try hdi(x).doubles.allSatisfy { $0.isNaN })
    }

    @Test func constantDrawsHaveTheFullSampleSize() throws {
        // ArviZ: a range below 1e-15 gives ESS = number of draws (its `_ess` special case).
        let x = NDArray(repeating: 2.5, shape: [2, 50])
        #expect(try ess(x, method: .mean).scalar! == 100)
        #expect(try ess(x, method: .tail).scalar! == 100)
    }

    @Test func badArgumentsThrow() throws {
        expectDiagnosticsError("0-d") { _ = try rhat(NDArray(1.0)) }
        expectDiagnosticsError("hdiProb") { _ = try hdi(NDArray(repeating: 1, shape: [2, 10]), hdiProb: 0) }
        expectDiagnosticsError("hdiProb") { _ = try hdi(NDArray(repeating: 1, shape: [2, 10]), hdiProb: 1.5) }
        expectDiagnosticsError("quantile") { _ = try ess(NDArray(repeating: 1, shape: [2, 10]), method: .quantile(2)) }
        expectDiagnosticsError("too few") { _ = try hdi(try NDArray(shape: [1, 0], elements: [])) }
    }

    @Test func normalQuantileMatchesSciPy() throws {
        let f = try DiagnosticsFixture.load()
        let record = f.root["ndtri"] as! [String: Any]
        let p = (record["p"] as! [Any]).map(Fixture.double)
        let z = (record["z"] as! [Any]).map(Fixture.double)
        for (pi, zi) in zip(p, z) {
            expectRelative(standardNormalQuantile(pi), zi, rtol: 4e-15, "ndtri(\(pi))")
        }
        #expect(standardNormalQuantile(0) == -.infinity && standardNormalQuantile(1) == .infinity && standardNormalQuantile(-0.1).isNaN)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 100, 1000])
    func fftAutocovarianceMatchesTheDirectSum(_ n: Int) {
        var rng = SplitMix(seed: UInt64(n))
        let x = (0..<n).map { _ in rng.nextDouble() * 4 - 1 + (rng.nextDouble() > 0.9 ? 10 : 0) }
        let mean = x.reduce(0, +) / Double(n)
        let fast = autocov(x)
        #expect(fast.count == n)
        for t in 0..<n {
            var s = 0.0
            for i in 0..<(n - t) { s += (x[i] - mean) * (x[i + t] - mean) }
            s /= Double(n)
            #expect(abs(fast[t] - s) <= 1e-12 * fast[0], "lag \(t): FFT \(fast[t]) vs direct \(s)")
        }
    }

    @Test func autocovarianceOfAShortSequence() {
        // Worked by hand: deviations (-1.5, -0.5, 0.5, 1.5).
        let c = autocov([1, 2, 3, 4])
        let expected = [1.25, 0.3125, -0.375, -0.5625]
        for (a, e) in zip(c, expected) { #expect(abs(a - e) < 1e-15) }
        #expect(autocov([]).isEmpty)
        #expect(autocorr([3, 3, 3]).allSatisfy { $0.isNaN })
    }

    @Test func essOfALongChainIsFast() throws {
        // n = 10⁵ draws in one chain: the FFT keeps this well under a second.
        var rng = SplitMix(seed: 3)
        var x = [Double](repeating: 0, count: 100_000)
        for i in 1..<x.count { x[i] = 0.5 * x[i - 1] + (rng.nextDouble() - 0.5) }
        let clock = ContinuousClock()
        let start = clock.now
        let value = try ess(try NDArray(shape: [1, x.count], elements: x), method: .mean).scalar!
        let elapsed = clock.now - start
        // AR(1) with rho 0.5: ESS ≈ n (1 − ρ)/(1 + ρ) = n/3.
        #expect(abs(value / Double(x.count) - 1.0 / 3) < 0.05, "ess \(value)")
        #expect(elapsed < .seconds(5), "ess of 1e5 draws took \(elapsed)")
    }
}

/// Expects an ``InferenceDataError`` whose message contains `fragment`.
func expectDiagnosticsError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error mentioning '\(fragment)', but nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as InferenceDataError {
        #expect(e.description.contains(fragment), "error '\(e)' does not mention '\(fragment)'", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
    }
}

/// A small deterministic generator for test inputs (SplitMix64, Steele et al. 2014).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }
}
