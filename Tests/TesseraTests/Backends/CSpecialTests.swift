import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// The C prelude's special functions (`tess_digamma`, `tess_trigamma`, `tess_erfcx`, `tess_erfinv`,
/// `tess_betaln`) against their Swift twins on the VM, on the elementwise fixture's points and
/// many more: poles, roots, branch boundaries, subnormals, the largest doubles, infinities, NaN.
@Suite struct CSpecialTests {
    /// One special function and the points (each operand's values) it is checked at.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let points: [[Double]]
        let build: @Sendable ([Variable]) -> Variable
        var testDescription: String { "\(name) at \(points[0].count) points" }
    }

    static let inf = Double.infinity, nan = Double.nan
    /// The fixture's common unary points (Scripts/fixtures/elemwise.py).
    static let common = [-3.5, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 2.5, 10.0, 1e-300, -1e300, inf, -inf, nan]
    /// Special values every function sees.
    static let extremes = [Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, 2.2250738585072014e-308, 0x1p-1030, 1e-150, 1e150, 1e300,
                           Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 4503599627370495.5,
                           -4503599627370495.5, 9007199254740993.0]

    /// `x`, the doubles either side of it, and `x ± d` for each `d`.
    static func around(_ x: Double, _ ds: [Double] = []) -> [Double] {
        [x, x.nextUp, x.nextDown] + ds.flatMap { [x + $0, x - $0] }
    }

    /// `n` points log-uniform in `[lo, hi]` (both positive).
    static func logUniform(_ rng: inout TestRNG, _ lo: Double, _ hi: Double, _ n: Int) -> [Double] {
        (0..<n).map { _ in Foundation.exp(Foundation.log(lo) + (Foundation.log(hi) - Foundation.log(lo)) * rng.next()) }
    }

    static func uniform(_ rng: inout TestRNG, _ lo: Double, _ hi: Double, _ n: Int) -> [Double] {
        (0..<n).map { _ in lo + (hi - lo) * rng.next() }
    }

    static let unaryCases: [Case] = {
        var rng = TestRNG(seed: 41)
        let poles: [Double] = [1.0, 2.0, 3.0, 10.0, 100.0, 1e6].flatMap { n in around(-n, [1e-3, 1e-8, 1e-12, 0.5]) }
        var gammaSpread: [Double] = uniform(&rng, -30, 30, 300)
        gammaSpread += logUniform(&rng, 1e-12, 1e12, 150)
        gammaSpread += logUniform(&rng, 1e-12, 1e12, 100).map { -$0 }
        let bigHalves: [Double] = around(10, [1e-9]) + around(1e15, [0.5]) + around(-1e15, [0.5])

        var digammaPoints: [Double] = common + extremes + poles + gammaSpread + bigHalves
        digammaPoints += [1e-300, 1e300, 1e-8, 0.5, 1.0, 1.4616321449683622, 1.46, 1.2, 1.72, 2.0, 6.0, 9.99, 10.0,
                          100.5, -0.5040830082644554, -0.504, -0.5, -1 + 1e-10, -1 - 1e-10, -2 - 1e-12, -3.0000001,
                          -100.5, -1e6 + 0.25, -1.0, -5.0]
        digammaPoints += around(1.4616321449683622, [1e-10, 0.1, 0.2499999, 0.25, 0.2500001])
        digammaPoints += around(-0.5040830082644554, [1e-12, 1e-6, 0.0499999, 0.05, 0.0500001])

        var trigammaPoints: [Double] = common + extremes + poles + gammaSpread + bigHalves
        trigammaPoints += [1e-300, 1e-150, 1e300, 1e-8, 0.5, 1.0, 2.5, 9.99, 10.0, 1e6, -0.5, -1.5, -1 + 1e-10,
                           -2.25, -100.5, -3.0, 1e-160, 1.4e-154]

        var erfcxPoints: [Double] = common + extremes + uniform(&rng, -26.7, 40, 300)
        erfcxPoints += logUniform(&rng, 1e-10, 1e10, 150)
        erfcxPoints += logUniform(&rng, 1e-10, 30, 100).map { -$0 }
        erfcxPoints += [30.0, 1e5, 1e200, 1.7e308, 11.99, 12.0, 12.01, 26.0, 5.0, 0.5, 1e-5, -1e-5, -0.5, -5.0,
                        -20.0, -26.0, -26.6, -26.7, -30.0]
        erfcxPoints += around(12, [1e-9]) + around(-26.7, [1e-9]) + around(-12, [1e-9])
        erfcxPoints += around(1.3407807929942596e154) + [1e154, 1e155, -1e155, 1e-200]

        var erfinvPoints: [Double] = common + extremes + uniform(&rng, -1, 1, 300)
        for k in 1...53 {  // 1 − 2⁻ᵏ and its negative: the tails, where 1 − |x| is exact
            let t = Foundation.pow(2.0, -Double(k))
            erfinvPoints += [1 - t, t - 1]
        }
        erfinvPoints += logUniform(&rng, 1e-16, 0.5, 100).map { 1 - $0 }
        erfinvPoints += logUniform(&rng, 1e-300, 0.5, 50)
        erfinvPoints += [-1.0, -0.999, -0.5, 0.0, 0.3, 0.75, 1.0, 1.5, nan]
        erfinvPoints += [1 - 1e-15, -(1 - 1e-15), 1 - 1e-10, 0.999999, 0.9, 0.5, 0.5000000001,
                         0.4999999999, 0.1, 1e-10, 1e-300, -0.0, 0.999, -0.75]
        erfinvPoints += around(0.5, [1e-12]) + around(-0.5, [1e-12])
        erfinvPoints += [(1.0).nextDown, (-1.0).nextUp, (1.0).nextUp, -1.0000001]
        return [
            Case(name: "digamma", points: [digammaPoints]) { digamma($0[0]) },
            Case(name: "trigamma", points: [trigammaPoints]) { trigamma($0[0]) },
            Case(name: "erfcx", points: [erfcxPoints]) { erfcx($0[0]) },
            Case(name: "erfinv", points: [erfinvPoints]) { erfinv($0[0]) },
        ]
    }()

    static let betalnCase: Case = {
        var rng = TestRNG(seed: 43)
        var pairs: [(Double, Double)] = [
            (1.0, 1e300), (1e-3, 1e6), (1e5, 1e5), (1.0, 1.0), (10.288896027706455, 0.3768982836846563),
            (0x1p-1030, 1.0), (1e300, 1e300), (1e-300, 1e-300), (0.5, 0.5), (2.0, inf), (-0.5, 2.0), (-3.0, 2.0),
            (-1.0, 2.0), (0.0, 1.0), (3.0, 4.0), (1e6, 1.0),
            // poles of Γ, and their cancellations by the poles of Γ(a + b)
            (-3.0, 4.0), (-3.0, 3.0), (-3.0, -1.0), (-1.0, -1.0), (-0.0, 1.0), (0.0, 0.0), (0.0, 2.0), (-2.0, 2.0),
            (-2.0, 1.0), (-5.0, 0.5), (-1e300, 0.5), (-1e300, 3.0),
            // infinities and NaN
            (inf, 1.0), (-inf, 2.0), (inf, inf), (-inf, -inf), (-2.5, inf), (-inf, inf), (nan, 1.0), (1.0, nan),
            (nan, nan), (-1.5, -inf),
            // tiny, huge, and the branches' boundaries (10, 1e-300)
            (0x1p-1030, 0x1p-1030), (1e-300, 5.0), (Double.leastNonzeroMagnitude, 1.0), (0x1p-1063, 20.0), (1e308, 1e308), (1.7e308, 1.7e308),
            (1e300, 1e-300), (9.999999, 10.0000001), (10.0, 10.0), (9.5, 10.5), (0.5, 10.0), ((10.0).nextDown, 3.0),
            ((1e-300).nextDown, 2.0), (1e-300, 9.0), (-1e15 - 0.5, 3.5), (-4.5, -3.25), (-0.25, -0.75),
        ]
        for _ in 0..<300 {  // positive, log-uniform over 11 decades
            let v = logUniform(&rng, 1e-5, 1e6, 2)
            pairs.append((v[0], v[1]))
        }
        for _ in 0..<100 {  // negative and mixed signs
            let v = uniform(&rng, -20, 20, 2)
            pairs.append((v[0], v[1]))
        }
        for _ in 0..<50 {  // both below 10
            let v = uniform(&rng, 0, 10, 2)
            pairs.append((v[0], v[1]))
        }
        pairs += pairs.map { ($0.1, $0.0) }  // and swapped
        return Case(name: "betaln", points: [pairs.map(\.0), pairs.map(\.1)]) { betaln($0[0], $0[1]) }
    }()

    static let cases = unaryCases + [betalnCase]

    @Test(arguments: cases)
    func agreesWithTheVM(_ c: Case) throws {
        let inputs = c.points.indices.map { vector("x\($0)") }
        let values = try c.points.map { try NDArray($0) }
        try checkBackendsAgree(inputs, [c.build(inputs)], at: [values], rtol: 1e-14)
    }

    /// The elementwise fixture's cases of the five functions (broadcasting included), in one function.
    @Test func fixtureCasesAgreeWithTheVM() throws {
        let names: Set<String> = ["digamma", "trigamma", "erfcx", "erfinv", "betaln"]
        let cases = ElemwiseCatalogue.cases.filter { names.contains($0.op) }
        #expect(cases.count >= 10, "the elementwise fixture has no cases of \(names)")
        var inputs: [Variable] = [], values: [NDArray] = [], outputs: [Variable] = []
        for c in cases {
            let vs = c.inputs.enumerated().map { ElemwiseCatalogue.input($0, like: $1) }
            inputs += vs
            values += c.inputs
            let build = try #require(ElemwiseCatalogue.ops[c.op])
            outputs.append(build(vs))
        }
        try checkBackendsAgree(inputs, outputs, at: [values], rtol: 1e-14)
    }

    /// All five in one compiled function run natively: no VM step between C segments.
    @Test func compiledFunctionHasNoVMStep() throws {
        let x = vector("x"), u = vector("u"), b = vector("b")
        let out = digamma(x) + trigamma(x) + erfcx(x) + erfinv(u) + betaln(x, b)
        let f = try function([x, u, b], [out], mode: .c)
        let values: [NDArray] = [[0.3, 2.5, 14.0], [-0.9, 0.2, 0.99], [1.5, 0.25, 40.0]]
        let first = try f.call(values)[0]
        let second = try f.call(values)[0]
        #expect(f.effectiveMode == .c)
        #expect(f.isMixed == false, "some op ran on the VM: \(f.dprint())")
        #expect(!f.dprint().contains("mixed"))
        for name in ["tess_digamma", "tess_trigamma", "tess_erfcx", "tess_erfinv", "tess_betaln"] {
            #expect(f.cSource?.contains("\(name)(") == true, "the C source does not call \(name)")
        }
        let expected = try function([x, u, b], [out], mode: .vm).call(values)[0]
        expectClose(first, expected, rtol: 1e-14)
        expectClose(second, expected, rtol: 1e-14)
    }

    /// The gradients (digamma → trigamma, erfcx → erfcx, erfinv → exp(erfinv²), betaln → digamma)
    /// compiled to C agree with the VM's.
    @Test func gradientsAgreeWithTheVM() throws {
        let x = vector("x"), e = vector("e"), u = vector("u"), a = vector("a"), b = vector("b")
        let cost = sum(digamma(x)) + sum(erfcx(e) * e) + sum(erfinv(u)) + sum(betaln(a, b))
        let wrt = [x, e, u, a, b]
        let points: [[Double]] = [
            [0.3, 1.46, 2.5, 12.0, 1e3, -1.5, -0.3, -0.504, 1e-6],
            [-5.0, -0.5, 0.0, 0.5, 3.0, 11.9, 12.5, 15.0, 1e5],
            [-0.999999, -0.5, 0.1, 0.49, 0.51, 0.9, 1 - 1e-12, 1e-8, -1e-300],
            [0.7, 3.0, 15.0, 1e3, -1.5, 0.01, 9.5, 1e6, 25.0],
            [2.5, 12.0, 0.4, 20.0, 0.3, 1e-4, 10.5, 2.0, 30.0],
        ]
        let values = try points.map { try NDArray($0) }
        try checkBackendsAgree(wrt, grad(cost, wrt: wrt), at: [values], rtol: 1e-14)
        try checkBackendsAgree([x], [grad(sum(digamma(x) * x), wrt: x)], at: [[values[0]]], rtol: 1e-14)
    }

    /// The helpers keep no global state (`lgamma_r`, not `lgamma`): one compiled function called
    /// from many threads gives the VM's values.
    @Test func callsFromManyThreads() throws {
        let a = vector("a"), b = vector("b")
        let out = betaln(a, b) + digamma(a) + erfinv(b / 50.0)
        let f = try function([a, b], [out], mode: .c)
        let vm = try function([a, b], [out], mode: .vm)
        var rng = TestRNG(seed: 47)
        let values = (0..<32).map { _ in [rng.uniform(-10...10, shape: [64]), rng.uniform(-40...40, shape: [64])] }
        _ = try f.call(values[0])
        let expected = try values.map { try vm.call($0)[0] }
        final class Box: @unchecked Sendable { var results = [NDArray?](repeating: nil, count: 32); let lock = NSLock() }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 32) { i in
            let r = try? f.call(values[i])[0]
            box.lock.lock(); box.results[i] = r; box.lock.unlock()
        }
        for i in 0..<32 {
            let r = try #require(box.results[i])
            expectClose(r, expected[i], rtol: 1e-14, "thread \(i)")
        }
        #expect(f.effectiveMode == .c)
        #expect(f.isMixed == false)
    }
}
