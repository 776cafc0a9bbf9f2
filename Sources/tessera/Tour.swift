import ArgumentParser
import Foundation
import TesseraPPL

struct Tour: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the specification talk as a narrated walk-through, step by step.")

    @Option(help: "Run one section only (\(TourBook.sections.map(\.name).joined(separator: ", "))).")
    var section: String?

    func run() throws {
        let chosen = try section.map { name in
            guard let s = TourBook.sections.first(where: { $0.name == name }) else {
                throw ValidationError(
                    "unknown section '\(name)'; choose one of: \(TourBook.sections.map(\.name).joined(separator: ", "))")
            }
            return [s]
        } ?? TourBook.sections
        for s in chosen { try s.run() }
    }
}

/// One step of the tour: the code it runs (printed as a comment block) and what it prints.
struct TourStep {
    let code: String
    let run: () throws -> String
}

/// A part of the talk.
struct TourSection {
    let name: String
    let title: String
    let narration: String
    let steps: [TourStep]

    func run() throws {
        print("══ \(title) " + String(repeating: "═", count: max(0, 70 - title.count)))
        print(narration)
        print()
        for step in steps {
            for line in step.code.split(separator: "\n", omittingEmptySubsequences: false) { print("// \(line)") }
            let out = try step.run()
            if !out.isEmpty { print(out.hasSuffix("\n") ? String(out.dropLast()) : out) }
            print()
        }
    }
}

enum TourBook {
    static var sections: [TourSection] { [tensors, backends, gradients, random] }

    static var tensors: TourSection {
        let x = scalar("x")
        let y = vector("y")
        let z = x + y
        let w = log(z)
        return TourSection(
            name: "tensors", title: "Tensors, graphs and compiled functions",
            narration: """
                Tessera builds symbolic graphs of tensor operations with NumPy semantics, prints them,
                and compiles them into functions.
                """,
            steps: [
                TourStep(code: """
                    let x = scalar("x")
                    let y = vector("y")
                    let z = x + y
                    let w = log(z)
                    print(w.dprint())
                    """) { w.dprint() },
                TourStep(code: """
                    print(w.dprint(printTypes: true))   // with the type of each variable
                    """) { w.dprint(printTypes: true) },
                TourStep(code: """
                    let f = try function([x, y], [w])
                    try f(0.0, [1.0, M_E])
                    """) {
                    let f = try function([x, y], [w])
                    return "\(try f(0.0, [1.0, M_E])[0])"
                },
                TourStep(code: """
                    try w.eval([x: 0.0, y: [1.0, M_E]])
                    """) { "\(try w.eval([x: 0.0, y: [1.0, M_E]]))" },
                TourStep(code: """
                    let g = try function([z], [w])
                    try g([1.0, M_E])                   // z is an intermediate variable: the graph above it is cut away
                    """) {
                    let g = try function([z], [w])
                    return "\(try g([1.0, M_E])[0])"
                },
            ])
    }

    static var gradients: TourSection {
        let x = scalar("x")
        return TourSection(
            name: "gradients", title: "Gradients and graph replacement",
            narration: """
                Gradients are graphs too: reverse mode builds them from each op's rule, and they can be
                printed, compiled and differentiated again. Graph replacement rebuilds a graph with some
                variables swapped for others.
                """,
            steps: [
                TourStep(code: """
                    let dx = grad(log(x), wrt: x)
                    print(dx.dprint())
                    try dx.eval([x: 2.0])      // 1/x
                    """) {
                    let dx = grad(log(x), wrt: x)
                    return dx.dprint() + "\(try dx.eval([x: 2.0]))"
                },
                TourStep(code: """
                    let lam = 2.0
                    let pdf = log(lam * exp(-lam * x))        // the exponential log-density
                    let r = cloneReplace(pdf, [x: exp(x)])    // x replaced by exp(x)
                    try (pdf.eval([x: 0.3]), r.eval([x: 0.3]))
                    """) {
                    let lam = 2.0
                    let pdf = log(lam * exp(-lam * x))
                    let r = cloneReplace(pdf, [x: exp(x)])
                    return "(\(try pdf.eval([x: 0.3])), \(try r.eval([x: 0.3])))"
                },
            ])
    }

    static var backends: TourSection {
        let x = scalar("x")
        let y = vector("y")
        let w = log(x + y)
        return TourSection(
            name: "backends", title: "Same function, different backend",
            narration: """
                A compiled graph runs on a backend: `.vm`, Swift kernels over whole arrays (the reference),
                or `.c`, the rewritten graph as one C translation unit compiled by clang and loaded as native code.
                """,
            steps: [
                TourStep(code: """
                    let fvm = try function([x, y], [w], mode: .vm)
                    let fc  = try function([x, y], [w], mode: .c)
                    try (fvm(0.0, [1.0, M_E]), fc(0.0, [1.0, M_E]))
                    print(fc.dprint())
                    """) {
                    let fvm = try function([x, y], [w], mode: .vm)
                    let fc = try function([x, y], [w], mode: .c)
                    let a = try fvm(0.0, [1.0, M_E])[0], b = try fc(0.0, [1.0, M_E])[0]
                    return "(\(a), \(b))\n" + fc.dprint()
                },
            ])
    }

    static var random: TourSection {
        let rng = shared(RandomState(seed: 123), name: "rng")
        let x = Random.normal(0.0, 1.0, rng: rng, name: "x")
        return TourSection(
            name: "random", title: "Random variables and RNG updates",
            narration: """
                Random variables are ordinary graph nodes, `(rng, size, params…) → (next rng, draw)`. A function
                of the same RNG state gives the same draw; compileWithRNGUpdates makes each call advance the state.
                """,
            steps: [
                TourStep(code: """
                    let rng = shared(RandomState(seed: 123), name: "rng")
                    let x = Random.normal(0.0, 1.0, rng: rng, name: "x")
                    print(x.dprint())
                    """) { x.dprint() },
                TourStep(code: """
                    try (x.eval(), x.eval())              // same RNG state, same draw
                    """) { "(\(try x.eval()), \(try x.eval()))" },
                TourStep(code: """
                    try rng.setValue(RandomState(seed: 456))
                    try x.eval()                          // a new state, a new draw
                    """) {
                    try rng.setValue(RandomState(seed: 456))
                    return "\(try x.eval())"
                },
                TourStep(code: """
                    let f = try compileWithRNGUpdates([], [x], seed: 1)
                    try (f()[0], f()[0], f()[0])          // fresh draws per call
                    """) {
                    let f = try compileWithRNGUpdates([], [x], seed: 1)
                    return "(\(try f()[0]), \(try f()[0]), \(try f()[0]))"
                },
                TourStep(code: """
                    try draw(x, draws: 2, seed: 1)
                    """) { "\(try draw(x, draws: 2, seed: 1))" },
            ])
    }
}
