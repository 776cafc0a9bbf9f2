import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

@Suite struct RewriteEngineTests {
    @Test func mergeComputesCommonSubexpressionsOnce() throws {
        let x = vector("x")
        let y = exp(x) + exp(x)
        let f = try function([x], [y], rewrites: .default.excluding("fusion"))
        #expect(compiledOpNames(f).filter { $0 == "Exp" }.count == 1)
        #expect(f.firedRewrites.contains("merge"))
        expectClose(try f([0.0, 1.0])[0], try NDArray([2.0, 2 * M_E]))
        // Fused as well: still one exp.
        let g = try function([x], [y])
        #expect(compiledOpNames(g).filter { $0 == "Exp" }.count == 1)
        #expect(g.dprint().contains("Composite"))
    }

    @Test func constantFolding() throws {
        let x = scalar("x")
        let c: Variable = 2.0
        let y = x * (exp(c) + 1.0)
        let f = try function([x], [y], rewrites: .default.excluding("fusion"))
        #expect(!compiledOpNames(f).contains("Exp"))
        #expect(f.firedRewrites.contains("constant_folding"))
        expectClose(try f(3.0)[0], NDArray(3 * (Foundation.exp(2) + 1)), rtol: 1e-15)
    }

    @Test func canonicalIdentities() throws {
        let x = vector("x")
        var rng = TestRNG(seed: 3)
        let values = [[rng.uniform(0.1...3, shape: [5])]]
        try checkRewrite("mul_by_one", inputs: [x], output: x * 1.0 + exp(x), at: values)
        try checkRewrite("add_zero", inputs: [x], output: exp(x + 0.0), at: values)
        try checkRewrite("div_by_one", inputs: [x], output: exp(x / 1.0), at: values)
        try checkRewrite("double_neg", inputs: [x], output: exp(-(-x)), at: values)
        try checkRewrite("log_exp", inputs: [x], output: log(exp(x)) * 2.0, at: values)
        try checkRewrite("constants_together", inputs: [x], output: (x * 2.0) * 3.0, at: values)
        try checkRewrite("sub_neg", inputs: [x], output: exp(x) - (-x), at: values)
        let m = matrix("m")
        try checkRewrite("fold_dimshuffle", inputs: [m], output: exp(transpose(transpose(m))),
                         at: [[rng.uniform(0...1, shape: [2, 3])]])
        let f = try function([m], [transpose(transpose(m))])
        #expect(!compiledOpNames(f).contains { $0.hasPrefix("DimShuffle") })
    }

    @Test func scalarBroadcastIsKept() throws {
        // x * 1 where the constant 1 has a larger shape must keep the broadcast shape.
        let x = scalar("x")
        let ones: Variable = [1.0, 1.0, 1.0]
        let f = try function([x], [x * ones])
        expectClose(try f(2.0)[0], try NDArray([2.0, 2.0, 2.0]))
    }

    @Test func fusionMatchesUnfused() throws {
        let x = vector("x"), y = matrix("y"), s = scalar("s")
        let expr = log(exp(x * 0.5 + 1.0) / (y * y + 2.0)) - (-x) * s
        let fused = try function([x, y, s], [expr])
        #expect(fused.firedRewrites.contains("fusion"))
        let plain = try function([x, y, s], [expr], rewrites: .none)
        var rng = TestRNG(seed: 4)
        for n in [1, 3, 300, 1000] {  // crosses the block size
            let v = [rng.uniform(-1...1, shape: [n]), rng.uniform(-1...1, shape: [2, n]), NDArray(0.7)]
            expectClose(try fused.call(v)[0], try plain.call(v)[0], rtol: 1e-15)
        }
        // A fused float32 chain rounds each step as float32.
        let z = vector("z", dtype: .float32)
        let e = exp(z * 0.1) + 1.0
        let f32 = try function([z], [e])
        let p32 = try function([z], [e], rewrites: .none)
        #expect(try f32([0.3, 2.0])[0] == (try p32([0.3, 2.0])[0]))
    }

    @Test func excludingByName() throws {
        let x = vector("x")
        let f = try function([x], [exp(x) + exp(x)], rewrites: .default.excluding("merge", "fusion"))
        // merge is part of every pass; excluding a phase leaves the rest.
        #expect(!f.firedRewrites.contains("fusion"))
        let g = try function([x], [x * 1.0], rewrites: .default.excluding("mul_by_one"))
        #expect(!g.firedRewrites.contains("mul_by_one"))
        let h = try function([x], [x * 1.0], rewrites: .default.excluding("canonicalize"))
        #expect(!h.firedRewrites.contains("mul_by_one"))
        let n = try function([x], [exp(x) + exp(x)], rewrites: .none)
        #expect(n.firedRewrites.isEmpty)
        #expect(compiledOpNames(n).filter { $0 == "Exp" }.count == 2)
    }

    @Test func compiledDprintShowsRewrittenGraph() throws {
        let x = scalar("x")
        let f = try function([x], [exp(x) + exp(x)], rewrites: .default.excluding("fusion"))
        let text = f.dprint()
        #expect(text.components(separatedBy: "Exp [id").count == 3)  // shown once, then referenced
        #expect(text.contains("backend: "))
    }
}
