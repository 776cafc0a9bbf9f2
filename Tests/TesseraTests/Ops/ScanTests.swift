import Foundation
import Testing
@testable import Tessera
import TesseraTestSupport

/// Loops: several carried states, sequences, per-step outputs, reverse order; values checked against
/// the recurrences written out in plain Swift, on the VM and in C.
@Suite struct ScanValueTests {
    @Test func twoStatesFeedEachOther() throws {
        // Fibonacci: (a, b) → (b, a + b).
        let r = scan(steps: 8, initial: [constant(NDArray(0.0)), constant(NDArray(1.0))]) { _, s in
            ScanStep(states: [s[1], s[0] + s[1]])
        }
        var (a, b) = (0.0, 1.0)
        var expectedA: [Double] = [], expectedB: [Double] = []
        for _ in 0..<8 {
            (a, b) = (b, a + b)
            expectedA.append(a)
            expectedB.append(b)
        }
        let f = try function([], r.states, mode: .vm)
        let out = try f.call([])
        expectClose(out[0], try NDArray(expectedA))
        expectClose(out[1], try NDArray(expectedB))
    }

    @Test func sequencesOuterInputsAndOutputs() throws {
        // s_t = a + b·x_{t}² + c·s_{t−1};  y_t = s_{t−1} · x_t  (an output, not fed back).
        let x = vector("x"), a = scalar("a"), b = scalar("b"), c = scalar("c"), s0 = scalar("s0")
        let r = scan(steps: 6, sequences: [x], initial: [s0]) { e, s in
            ScanStep(states: [a + b * square(e[0]) + c * s[0]], outputs: [s[0] * e[0]])
        }
        let xs = [0.3, -1.2, 0.8, 2.0, -0.4, 1.1, 9.0]  // one element more than the steps: unused
        let (av, bv, cv, s0v) = (0.2, 0.5, 0.7, 1.5)
        var s = s0v
        var states: [Double] = [], outputs: [Double] = []
        for t in 0..<6 {
            outputs.append(s * xs[t])
            s = av + bv * xs[t] * xs[t] + cv * s
            states.append(s)
        }
        for mode in Mode.allCases {
            let f = try function([x, a, b, c, s0], [r.states[0], r.outputs[0]], mode: mode)
            for _ in 0..<2 {
                let out = try f.call([try NDArray(xs), NDArray(av), NDArray(bv), NDArray(cv), NDArray(s0v)])
                expectClose(out[0], try NDArray(states), rtol: 1e-14, "\(mode)")
                expectClose(out[1], try NDArray(outputs), rtol: 1e-14, "\(mode)")
            }
        }
    }

    @Test func vectorStatesInReverse() throws {
        // Backward accumulation u_t = w ⊙ u_{t+1} + X[t], run from the last row to the first.
        let m = matrix("m", shape: [5, 3]), w = vector("w", length: 3)
        let r = scan(steps: 5, sequences: [m], initial: [constant(NDArray.zeros([3]))], reverse: true) { e, s in
            ScanStep(states: [w * s[0] + e[0]], outputs: [sum(s[0])])
        }
        var rng = TestRNG(seed: 3)
        let mv = rng.uniform(-1...1, shape: [5, 3]), wv = rng.uniform(0...1, shape: [3])
        var u = [0.0, 0.0, 0.0]
        var states = [Double](repeating: 0, count: 15), sums = [Double](repeating: 0, count: 5)
        for t in stride(from: 4, through: 0, by: -1) {
            var total = 0.0
            for v in u { total += v }
            sums[t] = total
            for j in 0..<3 { u[j] = wv.storage[j] * u[j] + mv.storage[t * 3 + j] }
            states.replaceSubrange((t * 3)..<(t * 3 + 3), with: u)
        }
        let f = try function([m, w], [r.states[0], r.outputs[0]], mode: .vm)
        let out = try f.call([mv, wv])
        expectClose(out[0], try NDArray(shape: [5, 3], elements: states), rtol: 1e-14)
        expectClose(out[1], try NDArray(sums), rtol: 1e-14)
        try checkBackendsAgree([m, w], [r.states[0], r.outputs[0]], at: [[mv, wv]])
    }

    @Test func oneStateSignatureStillWorks() throws {
        let rho = scalar("rho")
        let x = scan(steps: 4, initial: 1.0) { prev in rho * prev + 1.0 }
        var v = 1.0
        var expected: [Double] = []
        for _ in 0..<4 { v = 0.5 * v + 1; expected.append(v) }
        expectClose(try x.eval([rho: 0.5]), try NDArray(expected))
    }

    @Test func runsAsOneNativeLoop() throws {
        // The whole function, loop included, is native code (no VM step in between).
        let x = vector("x", length: 50), a = scalar("a")
        let r = scan(steps: 50, sequences: [x], initial: [constant(NDArray(0.0))]) { e, s in
            ScanStep(states: [a * s[0] + exp(-e[0])])
        }
        let cost = sum(r.states[0])
        let f = try function([x, a], [cost, grad(cost, wrt: a)], mode: .c)
        _ = try f.call([NDArray.zeros([50]), NDArray(0.5)])
        #expect(f.effectiveMode == .c)
        #expect(!f.isMixed, "the loop or its gradient ran on the VM:\n\(f.dprint())")
        var rng = TestRNG(seed: 4)
        try checkBackendsAgree([x, a], [cost, grad(cost, wrt: a)], at: [[rng.uniform(-1...1, shape: [50]), NDArray(0.9)]])
    }

    @Test func randomBodiesDrawAnewEachStep() throws {
        // A draw made inside the body that does not depend on the state is still one draw per step.
        let walk = scan(steps: 200, initial: 0.0) { prev in prev + Random.normal(0.0, 1.0) }
        let d = try draw(walk, draws: 1, seed: 11).doubles
        var increments = Set<Double>()
        var previous = 0.0
        for v in d { increments.insert(v - previous); previous = v }
        #expect(increments.count > 190, "\(increments.count) distinct increments in 200 steps")
        // Seeded draws repeat: the generator inside the body is reseeded with the outer ones.
        #expect(try draw(walk, draws: 1, seed: 11).doubles == d)
        #expect(try draw(walk, draws: 1, seed: 12).doubles != d)
    }
}

@Suite struct ScanErrorTests {
    @Test func shortSequence() {
        let r = scan(steps: 5, sequences: [constant(NDArray.zeros([3]))], initial: [constant(NDArray(0.0))]) { e, s in
            ScanStep(states: [s[0] + e[0]])
        }
        expectError("sequence 0") { _ = try r.states[0].eval() }
        expectError("3 elements along axis 0, but the loop runs 5 steps") { _ = try r.states[0].eval() }
    }

    @Test func shortSequenceKnownOnlyAtRunTime() {
        let x = vector("x")
        let r = scan(steps: 5, sequences: [x], initial: [constant(NDArray(0.0))]) { e, s in ScanStep(states: [s[0] + e[0]]) }
        expectError("the loop runs 5 steps") { _ = try r.states[0].eval([x: [1.0, 2.0]]) }
    }

    @Test func wrongNumberOfStates() {
        let r = scan(steps: 3, initial: [constant(NDArray(0.0)), constant(NDArray(1.0))]) { _, s in
            ScanStep(states: [s[0] + s[1]])
        }
        #expect(r.states.count == 2)
        expectError("the body returned 1 state(s), but 2 initial value(s) were given") { _ = try r.states[1].eval() }
    }

    @Test func stateChangesShape() {
        let r = scan(steps: 3, initial: [constant(NDArray.zeros([3]))]) { _, s in ScanStep(states: [sum(s[0])]) }
        expectError("state 0 has shape (3,) (from its initial value), but the body returns shape ()") { _ = try r.states[0].eval() }
    }

    @Test func stateChangesShapeAtRunTime() {
        let v = vector("v"), w = vector("w")
        let r = scan(steps: 3, initial: [v]) { _, s in ScanStep(states: [s[0] * w]) }
        expectError("the body returned state 0 with shape [2], but the state has shape [1]") {
            _ = try function([v, w], [r.states[0]], mode: .vm).call([try NDArray([1.0]), try NDArray([1.0, 2.0])])
        }
    }

    @Test func stateChangesDType() {
        let n = constant(NDArray(uncheckedShape: [], dtype: .int64, storage: [0]))
        let r = scan(steps: 3, initial: [n]) { _, s in ScanStep(states: [s[0] * 0.5]) }
        expectError("state 0 is int64 (from its initial value), but the body returns float64") { _ = try r.states[0].eval() }
    }

    @Test func stepsMustBePositive() {
        let r = scan(steps: 0, initial: [constant(NDArray(0.0))]) { _, s in ScanStep(states: [s[0]], outputs: [s[0]]) }
        #expect(r.outputs.count == 1)
        expectError("steps must be ≥ 1, got 0") { _ = try r.outputs[0].eval() }
    }

    @Test func scalarSequence() {
        let r = scan(steps: 2, sequences: [constant(NDArray(1.0))], initial: [constant(NDArray(0.0))]) { e, s in
            ScanStep(states: [s[0] + e[0]])
        }
        expectError("sequence 0 '1.' has 0 dimensions") { _ = try r.states[0].eval() }
    }
}

/// Reverse mode through loops, against central finite differences (VM and native code both run:
/// `checkGradient` calls the compiled functions many times).
@Suite struct ScanGradientTests {
    @Test func parameterEntersEveryStep() throws {
        // s_t = a + b·x_{t−1}² + c·s_{t−1} (GARCH-like), gradients for a, b, c, s_{−1} and the sequence.
        var rng = TestRNG(seed: 21)
        let x = vector("x", length: 12), a = scalar("a"), b = scalar("b"), c = scalar("c"), s0 = scalar("s0")
        try checkGradient([x, a, b, c, s0],
                          at: [rng.uniform(-1...1, shape: [12]), NDArray(0.3), NDArray(0.4), NDArray(0.5), NDArray(1.2)]) { v in
            let r = scan(steps: 11, sequences: [v[0]], initial: [v[4]]) { e, s in
                ScanStep(states: [v[1] + v[2] * square(e[0]) + v[3] * s[0]])
            }
            return sum(log(r.states[0]) + square(v[0][1...]) / r.states[0])
        }
    }

    @Test func twoStatesAndAnOutput() throws {
        // A damped rotation (p, q) with a per-step output that reads both states.
        var rng = TestRNG(seed: 22)
        let theta = scalar("theta"), damp = scalar("damp"), p0 = scalar("p0"), q0 = scalar("q0")
        _ = rng.next()
        try checkGradient([theta, damp, p0, q0], at: [NDArray(0.4), NDArray(0.9), NDArray(1.0), NDArray(-0.5)]) { v in
            let r = scan(steps: 7, initial: [v[2], v[3]]) { _, s in
                let p = v[1] * (cos(v[0]) * s[0] - sin(v[0]) * s[1])
                let q = v[1] * (sin(v[0]) * s[0] + cos(v[0]) * s[1])
                return ScanStep(states: [p, q], outputs: [s[0] * s[1]])
            }
            return sum(r.outputs[0]) + sum(square(r.states[0])) - 2.0 * r.states[1][6]
        }
    }

    @Test func vectorStateMatrixSequenceReverse() throws {
        var rng = TestRNG(seed: 23)
        let m = matrix("m", shape: [4, 3]), w = vector("w", length: 3), u0 = vector("u0", length: 3)
        try checkGradient([m, w, u0], at: [rng.uniform(-1...1, shape: [4, 3]), rng.uniform(0...1, shape: [3]),
                                           rng.uniform(-1...1, shape: [3])]) { v in
            let r = scan(steps: 4, sequences: [v[0]], initial: [v[2]], reverse: true) { e, s in
                ScanStep(states: [tanh(v[1] * s[0] + e[0])], outputs: [sum(s[0] * e[0])])
            }
            return sum(r.states[0] * r.states[0]) + sum(exp(r.outputs[0]))
        }
    }

    @Test func onlyTheFinalStateMatters() throws {
        // The cost reads the last step only; earlier stacked values get zero gradient from the cost.
        let a = scalar("a"), s0 = scalar("s0")
        try checkGradient([a, s0], at: [NDArray(0.8), NDArray(0.3)]) { v in
            let x = scan(steps: 5, initial: v[1]) { prev in sin(v[0] * prev) + 1.0 }
            return x[4] * x[4]
        }
    }

    @Test func secondDerivative() throws {
        // d/da of the gradient: the backward loop differentiated again.
        let a = scalar("a"), s0 = scalar("s0")
        try checkGradient([a, s0], at: [NDArray(0.6), NDArray(0.7)], rtol: 1e-5) { v in
            let x = scan(steps: 4, initial: v[1]) { prev in v[0] * prev * prev + 0.1 }
            let g = grad(sum(x), wrt: [v[0], v[1]])
            return g[0] + 0.5 * g[1]
        }
    }
}
