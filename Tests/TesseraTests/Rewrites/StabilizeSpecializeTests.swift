import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct StabilizeTests {
    var rng = TestRNG(seed: 21)

    @Test mutating func eachRewriteFiresAndKeepsValues() throws {
        let x = vector("x"), m = matrix("m")
        let neg = [[rng.uniform(-3 ... -0.1, shape: [6])]]
        let any = [[rng.uniform(-3...3, shape: [6])]]
        let pos = [[rng.uniform(0.1...3, shape: [6])]]
        try checkRewrite("log1mexp", inputs: [x], output: log(1.0 - exp(x)), at: neg, rtol: 1e-10)
        try checkRewrite("softplus", inputs: [x], output: log(1.0 + exp(x)), at: any, rtol: 1e-10)
        try checkRewrite("softplus", inputs: [x], output: log1p(exp(x)), at: any, rtol: 1e-10)
        try checkRewrite("log1p", inputs: [x], output: log(x + 1.0), at: pos, rtol: 1e-10)
        try checkRewrite("expm1", inputs: [x], output: exp(x) - 1.0, at: any, rtol: 1e-10)
        try checkRewrite("log_sigmoid", inputs: [x], output: log(sigmoid(x)), at: any, rtol: 1e-10)
        try checkRewrite("log_sigmoid", inputs: [x], output: log(1.0 - sigmoid(x)), at: any, rtol: 1e-10)
        try checkRewrite("logsumexp", inputs: [m], output: log(sum(exp(m), axis: 1)), at: [[rng.uniform(-3...3, shape: [2, 3])]], rtol: 1e-10)
        try checkRewrite("log_softmax", inputs: [m], output: log(exp(m) / sum(exp(m), axis: 1, keepdims: true)),
                         at: [[rng.uniform(-3...3, shape: [2, 3])]], rtol: 1e-10)
        try checkRewrite("log_div", inputs: [x], output: log(exp(x) / (x * x + 1.0)), at: any, rtol: 1e-10)
        try checkRewrite("log_erfc", inputs: [x], output: log(erfc(x)), at: any, rtol: 1e-10)
        try checkRewrite("sqrt_square", inputs: [x], output: sqrt(x * x), at: any, rtol: 1e-10)
        try checkRewrite("sqrt_square", inputs: [x], output: sqrt(pow(x, 2.0)), at: any, rtol: 1e-10)
        try checkRewrite("erfc", inputs: [x], output: 1.0 - erf(x), at: any, rtol: 1e-10)
        try checkRewrite("exp_log", inputs: [x], output: exp(log(x)), at: pos, rtol: 1e-12)
    }

    @Test func stableWhereItMatters() throws {
        let x = scalar("x")
        let f = try function([x], [log(1.0 - exp(x))])
        #expect(compiledOpNames(f).contains("Log1mexp"))
        expectClose(try f(-1e-20)[0], NDArray(Foundation.log(1e-20)), rtol: 1e-14)  // naive: log(0) = -inf
        let g = try function([x], [log(1.0 + exp(x))])
        expectClose(try g(800.0)[0], NDArray(800.0), rtol: 1e-15)  // naive: inf
        let h = try function([x], [log(erfc(x))])
        // SciPy: log(erfcx(30)) - 900 = -903.9741171106439 (log(erfc(30)) underflows to -inf)
        let v = try h(30.0)[0].doubles[0]
        #expect(v.isFinite && abs(v - (-903.9741171106439)) < 1e-13 * 904)
        let s = try function([x], [log(sigmoid(x))])
        expectClose(try s(-800.0)[0], NDArray(-800.0), rtol: 1e-15)
        let e = try function([x], [exp(x) - 1.0])
        expectClose(try e(1e-10)[0], NDArray(Foundation.expm1(1e-10)), rtol: 1e-15)
    }

    @Test func exponentialNotComputedTwice() throws {
        let x = vector("x")
        let f = try function([x], [exp(x) + exp(x)])
        #expect(compiledOpNames(f).filter { $0 == "Exp" }.count == 1)
        #expect(f.dprint().contains("Composite"))
    }
}

@Suite struct SpecializeTests {
    @Test func powersAndProducts() throws {
        var rng = TestRNG(seed: 22)
        let x = vector("x")
        let pos = [[rng.uniform(0.1...3, shape: [5])]]
        for p in [2.0, 0.5, -1.0, 3.0, 4.0, -2.0, -0.5] {
            try checkRewrite("pow_specialize", inputs: [x], output: pow(x, p), at: pos, rtol: 1e-14)
        }
        let f = try function([x], [pow(x, 2.0)], rewrites: .default.excluding("fusion"))
        #expect(compiledOpNames(f) == ["Sqr"])
        try checkRewrite("mul_self_square", inputs: [x], output: x * x + 1.0, at: pos, rtol: 1e-15)
        let a = tensor("a", shape: [5]), b = tensor("b", shape: [5])
        try checkRewrite("sum_mul_to_dot", inputs: [a, b], output: sum(a * b),
                         at: [[rng.uniform(-1...1, shape: [5]), rng.uniform(-1...1, shape: [5])]], rtol: 1e-13)
    }
}

@Suite struct MoreCanonicalizeTests {
    @Test func reshapeOfReshapeAndFlattenedSums() throws {
        var rng = TestRNG(seed: 23)
        let m = matrix("m")
        try checkRewrite("reshape_reshape", inputs: [m], output: exp(reshape(reshape(m, [6]), [3, 2])),
                         at: [[rng.uniform(-1...1, shape: [2, 3])]], rtol: 1e-15)
        let x = vector("x"), y = vector("y")
        try checkRewrite("flatten_sums", inputs: [x, y], output: ((x + 1.0) + y) + 2.0,
                         at: [[rng.uniform(-1...1, shape: [4]), rng.uniform(-1...1, shape: [4])]], rtol: 1e-14)
        let f = try function([x, y], [((x + 1.0) + y) + 2.0], rewrites: .default.excluding("fusion"))
        #expect(compiledOpNames(f).filter { $0 == "Add" }.count == 2)  // (x + y) + 3
    }

    @Test func cloneMakesNewNodes() throws {
        let x = scalar("x")
        let y = exp(x) + 1.0
        let c = Graph.clone([y])[0]
        #expect(c !== y && c.owner !== y.owner)
        #expect(try c.eval([x: 0.5]) == (try y.eval([x: 0.5])))
        #expect(Graph.ancestors(of: [y]).contains(x))
    }
}

@Suite struct MatMulTransposeTests {
    @Test func transposedProductsReadTheMatrixInPlace() throws {
        var rng = TestRNG(seed: 31)
        let a = matrix("a"), v = vector("v"), b = matrix("b")
        let av = rng.uniform(-1...1, shape: [7, 3])
        try checkRewrite("matmul_transpose_a", inputs: [a, v], output: matmul(transpose(a), v),
                         at: [[av, rng.uniform(-1...1, shape: [7])]], rtol: 1e-14)
        try checkRewrite("matmul_transpose_a", inputs: [a, b], output: matmul(transpose(a), b),
                         at: [[av, rng.uniform(-1...1, shape: [7, 2])]], rtol: 1e-14)
        try checkBackendsAgree([a, v], [matmul(transpose(a), v)], at: [[av, rng.uniform(-1...1, shape: [7])]])
    }
}
