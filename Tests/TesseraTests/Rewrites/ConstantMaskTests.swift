import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// `sum(where(constant mask, a, b))` is split into sums over the selected elements.
@Suite struct ConstantMaskTests {
    var rng = TestRNG(seed: 5)

    /// A censored-normal-like sum: a mask from data, one branch a scalar (counted), one per element.
    func censoredLike(_ mu: Variable, data: NDArray) -> Variable {
        let y = constant(data)
        let inside = -0.5 * square(y - mu) - 0.9189385332046727
        let atLower = log(0.5 * erfc(-(-1.0 - mu) / 2.0.squareRoot()))
        let lp = `where`(y .<= -1.0, atLower, `where`(y .>= 1.0, log(0.5 * erfc((1.0 - mu) / 2.0.squareRoot())), inside))
        return sum(`where`(y .< -1.0, constant(NDArray(-Double.infinity)), lp))
    }

    @Test mutating func splitsByMaskAndKeepsValues() throws {
        let data = rng.uniform(-2...2, shape: [200]).doubles.map { min(max($0, -1), 1) }
        let mu = scalar("mu")
        let cost = censoredLike(mu, data: try NDArray(data))
        try checkRewrite("sum_constant_mask", inputs: [mu], output: cost, at: [[NDArray(0.3)], [NDArray(-2.0)]], rtol: 1e-12)
        // The compiled graph holds no constant as long as the data: the mask became counts and index sets.
        let f = try function([mu], [cost])
        #expect(!f.dprint().contains("Constant(200,)"), "\(f.dprint())")
        let lower = data.filter { $0 <= -1 }.count
        #expect(f.dprint().contains(", \(lower).)"), "the count at the lower bound (\(lower)) multiplies its term")
    }

    @Test mutating func gradientOfTheSpecializedGraph() throws {
        let data = rng.uniform(-2...2, shape: [100]).doubles.map { min(max($0, -1), 1) }
        let mu = scalar("mu")
        let cost = censoredLike(mu, data: try NDArray(data))
        let specialized = specializeConstantMasks([cost])[0]
        let g = try function([mu], [grad(specialized, wrt: mu)], rewrites: .none)
        let plain = try function([mu], [grad(cost, wrt: mu)], rewrites: .none)
        for m in [-0.7, 0.0, 0.4] {
            expectClose(try g(m)[0], try plain(m)[0], rtol: 1e-12)
        }
        let y = try NDArray(data)
        try checkGradient([mu], at: [NDArray(0.25)]) { specializeConstantMasks([censoredLike($0[0], data: y)])[0] }
    }

    @Test func nonElementwiseLeavesAreIndexed() throws {
        // A full-size operand computed by a non-elementwise op (a cumulative sum) is indexed, not pushed through.
        let x = vector("x", length: 40)
        let mask = NDArray(uncheckedShape: [40], dtype: .bool, storage: (0..<40).map { $0 % 3 == 0 ? 1 : 0 })
        let cost = sum(`where`(constant(mask), cumsum(x) * 2.0, exp(x)))
        let values = try NDArray((0..<40).map { Double($0) / 40 - 0.5 })
        try checkRewrite("sum_constant_mask", inputs: [x], output: cost, at: [[values]], rtol: 1e-12)
    }

    @Test func uniformMaskDropsABranch() throws {
        let x = vector("x", length: 32)
        let never = constant(NDArray.zeros([32])) .> 1.0
        let cost = sum(`where`(never, log(x), square(x)))
        let f = try function([x], [cost])
        #expect(!compiledOpNames(f).contains("Log"))
        let v = try NDArray((0..<32).map { Double($0) })
        expectClose(try f(v)[0], NDArray((0..<32).map { Double($0 * $0) }.reduce(0.0, +)), rtol: 1e-14)
    }

    @Test func integerBranchKeepsTheSwitchDType() throws {
        let x = vector("x", length: 40)
        let mask = NDArray(uncheckedShape: [40], dtype: .bool, storage: (0..<40).map { $0 % 4 == 0 ? 1 : 0 })
        let ints = NDArray(uncheckedShape: [40], dtype: .int64, storage: (0..<40).map { Double($0 % 7) })
        let cost = sum(intDiv(`where`(constant(mask), constant(ints), x), 2.0) + exp(x))
        let v = try NDArray((0..<40).map { Double($0) / 10 - 1.3 })
        try checkRewrite("sum_constant_mask", inputs: [x], output: cost, at: [[v]], rtol: 1e-13)
    }
}
