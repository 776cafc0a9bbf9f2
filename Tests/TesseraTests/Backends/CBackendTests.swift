import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// An op without C code, to force mixed VM/C execution.
private struct VMOnlyTwice: Op {
    var name: String { "VMOnlyTwice" }
    func outputTypes(_ inputs: [Variable]) throws -> [TensorType] { [inputs[0].type] }
    func perform(_ inputs: [NDArray], _ outputs: inout [NDArray]) throws {
        outputs[0] = NDArray(uncheckedShape: inputs[0].shape, dtype: inputs[0].dtype, storage: inputs[0].storage.map { 2 * $0 })
    }
}

private func temporaryCache() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("tessera-test-cache-\(UUID().uuidString)")
}

@Suite struct CBackendTests {
    @Test func elementwiseAndReductionsAgree() throws {
        var rng = TestRNG(seed: 5)
        let x = vector("x"), m = matrix("m"), s = scalar("s")
        let outs = [
            log(exp(x * 0.5 + 1.0) / (x * x + 2.0)) - (-x) * s,
            sum(m * x, axis: 0), sum(exp(m), axis: 1, keepdims: true), sum(transpose(m) / s),
            m % 0.3, pow(m, 2.0),
        ]
        try checkBackendsAgree([x, m, s], outs, at: [
            [rng.uniform(0.1...2, shape: [4]), rng.uniform(-1...1, shape: [3, 4]), NDArray(0.7)],
            [rng.uniform(0.1...2, shape: [1]), rng.uniform(-1...1, shape: [5, 1]), NDArray(-1.5)],
        ])
    }

    @Test func gradientsAgree() throws {
        var rng = TestRNG(seed: 6)
        let a = matrix("a"), b = vector("b")
        let cost = sum(exp(a * b) / (b + 3.0)) + sum(log(a * a + 1.0))
        try checkBackendsAgree([a, b], grad(cost, wrt: [a, b]), at: [[rng.uniform(-1...1, shape: [2, 3]), rng.uniform(-1...1, shape: [3])]])
    }

    @Test func infinitiesAndNaNSurvive() throws {
        let x = vector("x")
        try checkBackendsAgree([x], [log(x), x / 0.0, exp(x * 1000.0)], at: [[try NDArray([0.0, -1.0, 1.0, .infinity, .nan])]])
        let f = try function([x], [log(x)], mode: .c)
        _ = try f([0.0])
        #expect(try f([0.0])[0].doubles == [-.infinity])
    }

    @Test func mixedExecution() throws {
        let x = vector("x")
        let y = exp(applyOp1(VMOnlyTwice(), exp(x) + 1.0)) * 2.0
        try checkBackendsAgree([x], [y], at: [[try NDArray([0.1, 0.2])]])
        let f = try function([x], [y], mode: .c)
        _ = try f([0.5])
        #expect(f.isMixed)
        #expect(f.dprint().contains("mixed"))
    }

    @Test func cacheHitSkipsTheCompiler() throws {
        let dir = temporaryCache()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = vector("x")
        let y = exp(x) * 3.0 + 0.25
        let first = CCompiler(path: CCompiler.shared.path, cacheDirectory: dir)
        let f = try function([x], [y], mode: .c, compiler: first)
        _ = try f([1.0, 2.0])
        #expect(first.compilerRuns == 1)
        let second = CCompiler(path: CCompiler.shared.path, cacheDirectory: dir)  // a new process, as far as loading goes
        let g = try function([x], [y], mode: .c, compiler: second)
        expectClose(try g([1.0, 2.0])[0], try f([1.0, 2.0])[0])
        #expect(second.compilerRuns == 0)
        #expect(second.cacheHits == 1)
        #expect(g.effectiveMode == .c)
    }

    @Test func bogusCompilerFallsBackToTheVM() throws {
        let bogus = CCompiler(path: "/nonexistent/bin/cc", cacheDirectory: temporaryCache())
        let x = vector("x")
        let f = try function([x], [exp(x)], mode: .c, compiler: bogus)
        expectClose(try f([0.0, 1.0])[0], try NDArray([1.0, M_E]))
        expectClose(try f([0.0, 1.0])[0], try NDArray([1.0, M_E]))
        #expect(f.effectiveMode == .vm)
        #expect(f.dprint().contains("fallback"))
    }

    @Test func failingCompileFallsBackWithTheCompilerMessage() throws {
        // /bin/false runs but fails every compile.
        let failing = CCompiler(path: "/bin/false", cacheDirectory: temporaryCache())
        let x = vector("x")
        let f = try function([x], [exp(x)], mode: .c, compiler: failing)
        expectClose(try f([0.0])[0], try NDArray([1.0]))
        #expect(f.effectiveMode == .vm)
    }

    @Test func newShapesGetNewNativeCode() throws {
        let x = vector("x")
        let f = try function([x], [sum(exp(x))], mode: .c)
        for n in [2, 5, 2, 7] {
            let v = try NDArray((0..<n).map { Double($0) * 0.1 })
            expectClose(try f(v)[0], NDArray(v.doubles.map(Foundation.exp).reduce(0, +)), rtol: 1e-14)
        }
        #expect(f.effectiveMode == .c)
    }

    @Test func callsFromManyThreads() throws {
        let x = vector("x")
        let f = try function([x], [sum(exp(x) * 2.0)], mode: .c)
        _ = try f([1.0])
        final class Box: @unchecked Sendable { var values = [Double](repeating: 0, count: 64); let lock = NSLock() }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let v = try! NDArray([Double(i), 1.0])
            let r = try! f.call([v])[0].doubles[0]
            box.lock.lock(); box.values[i] = r; box.lock.unlock()
        }
        for i in 0..<64 {
            #expect(abs(box.values[i] - 2 * (Foundation.exp(Double(i)) + M_E)) <= 1e-12 * box.values[i])
        }
    }
}
