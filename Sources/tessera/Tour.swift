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
    static var sections: [TourSection] { [tensors, backends, gradients, rewrites, random, logprob, model, inference] }

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

    static var rewrites: TourSection {
        let x = scalar("x")
        return TourSection(
            name: "rewrites", title: "Stabilization and optimization at compile time",
            narration: """
                Compiling rewrites the graph: common subexpressions are computed once, unstable forms become
                stable ones, and chains of elementwise ops fuse into one loop.
                """,
            steps: [
                TourStep(code: """
                    let y = log(1.0 - exp(x))
                    print(y.dprint())                         // as written
                    let f = try function([x], [y])
                    print(f.dprint())                         // as compiled: log1mexp
                    let naive = try function([x], [y], rewrites: .none)
                    try (naive(-1e-20), f(-1e-20))            // as written: -inf; compiled: log(1e-20)
                    """) {
                    let y = log(1.0 - exp(x))
                    let f = try function([x], [y])
                    let naive = try function([x], [y], rewrites: .none)
                    return y.dprint() + f.dprint() + "(\(try naive(-1e-20)[0]), \(try f(-1e-20)[0]))"
                },
                TourStep(code: """
                    let z = exp(x) + exp(x)
                    let g = try function([x], [z], rewrites: .default.excluding("fusion"))
                    print(g.dprint())                         // exp computed once
                    g.firedRewrites
                    """) {
                    let z = exp(x) + exp(x)
                    let g = try function([x], [z], rewrites: .default.excluding("fusion"))
                    return g.dprint() + "\(g.firedRewrites)"
                },
            ])
    }

    static var logprob: TourSection {
        TourSection(
            name: "logprob", title: "Log-probabilities derived from random-variable graphs",
            narration: """
                TesseraLogProb turns a graph of random variables and value variables into its log-density,
                also through deterministic operations. Each result is printed beside the number SciPy gives.
                """,
            steps: [
                TourStep(code: """
                    try logp(Random.normal(0.0, 1.0), 0.0).eval()          // scipy.stats.norm().logpdf(0)
                    """) { "\(try logp(Random.normal(0.0, 1.0), 0.0).eval())   (SciPy: -0.9189385332046727)" },
                TourStep(code: """
                    let x = exp(Random.normal(0.0, 1.0))                     // exp of a normal: log-normal
                    try logp(x, 2.0).eval()                                  // scipy.stats.lognorm(1).logpdf(2)
                    """) {
                    let x = exp(Random.normal(0.0, 1.0))
                    return "\(try logp(x, 2.0).eval())   (SciPy: -1.8523122207237186)"
                },
                TourStep(code: """
                    let walk = cumsum(Random.normal(0.0, 1.0, size: [10]))   // a random walk
                    try sum(logp(walk, arange(10.0))).eval()                 // norm.logpdf(0) + 9·norm.logpdf(1)
                    """) {
                    let walk = cumsum(Random.normal(0.0, 1.0, size: [10]))
                    let v: Variable = [0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
                    return "\(try sum(logp(walk, v)).eval())   (SciPy: -13.689385332046726)"
                },
                TourStep(code: """
                    let piecewise = concatenate([Random.normal(0.0, 1.0, size: [3]), Random.normal(0.0, 2.0, size: [4])])
                    try logp(piecewise, zeros([7])).eval()
                    """) {
                    let piecewise = concatenate([Random.normal(0.0, 1.0, size: [3]), Random.normal(0.0, 2.0, size: [4])])
                    return "\(try logp(piecewise, zeros([7])).eval())   (SciPy: 3 × -0.9189385332046727, 4 × -1.612085713764618)"
                },
                TourStep(code: """
                    let censored = clip(Random.normal(0.0, 1.0), -1.0, 1.0)  // clip: a censored normal
                    try logp(censored, 1.0).eval()                           // norm.logsf(1): the mass above 1
                    """) {
                    let censored = clip(Random.normal(0.0, 1.0), -1.0, 1.0)
                    return "\(try logp(censored, 1.0).eval())   (SciPy: -1.8410216450092634)"
                },
                TourStep(code: """
                    let mu = Random.normal(0.0, 1.0, name: "mu")
                    print(Random.normal(mu, exp(Random.normal(0.0, 1.0, name: "log_sigma")), name: "y").latex())
                    """) {
                    let mu = Random.normal(0.0, 1.0, name: "mu")
                    return Random.normal(mu, exp(Random.normal(0.0, 1.0, name: "log_sigma")), name: "y").latex()
                },
            ])
    }

    static func talk() throws -> Model {
        try Model {
            let mu = Normal("mu", mu: 0, sigma: 1)
            let logSigma = Normal("log_sigma", mu: 0, sigma: 1)
            Normal("y", mu: mu, sigma: exp(logSigma), observed: [3, 4, 5])
        }
    }

    static var model: TourSection {
        TourSection(
            name: "model", title: "Models: named distributions, log-density, gradient, MAP, predictive draws",
            narration: """
                A model is a graph of random variables plus bookkeeping. Its log-density and gradient compile to
                one native function over a flat vector; findMAP optimises it; forward sampling draws from it.
                """,
            steps: [
                TourStep(code: """
                    let model = try Model {
                        let mu = Normal("mu", mu: 0, sigma: 1)
                        let logSigma = Normal("log_sigma", mu: 0, sigma: 1)
                        Normal("y", mu: mu, sigma: exp(logSigma), observed: [3, 4, 5])
                    }
                    (model.freeRVs, model.observedRVs, model.valueVars)
                    """) {
                    let m = try talk()
                    return "(\(m.freeRVs), \(m.observedRVs), \(m.valueVars))"
                },
                TourStep(code: """
                    try model.compileLogp()(3.0, 1.0)              // SciPy: -12.9330…
                    """) { "\(try talk().compileLogp()(3.0, 1.0)[0])   (SciPy: -12.933030874114895)" },
                TourStep(code: """
                    let lf = try model.logpDlogpFunction()
                    var g = [0.0, 0.0]
                    lf([0.5, 0.3], gradient: &g), g
                    """) {
                    let lf = try talk().logpDlogpFunction()
                    var g = [0.0, 0.0]
                    let lp = lf([0.5, 0.3], gradient: &g)
                    return "\(lp), \(g)"
                },
                TourStep(code: """
                    try findMAP(model)                             // SciPy's optimiser: mu 1.3364, log_sigma 0.8941
                    """) {
                    let map = try findMAP(try talk())
                    return "mu \(map["mu"]!), log_sigma \(map["log_sigma"]!)"
                },
                TourStep(code: """
                    let prior = try samplePriorPredictive(model, draws: 500, seed: 1)
                    prior.priorPredictive["y"]!.shape
                    """) {
                    let prior = try samplePriorPredictive(try talk(), draws: 500, seed: 1)
                    return "\(prior.priorPredictive["y"]!.shape)"
                },
                TourStep(code: """
                    print(model.modelGraph())                      // Graphviz DOT
                    """) { try talk().modelGraph() },
            ])
    }

    static var inference: TourSection {
        TourSection(
            name: "inference", title: "NUTS, diagnostics, the censored model, posterior predictive",
            narration: """
                sample() runs NUTS chains in parallel and returns InferenceData; summary() prints ArviZ's table.
                """,
            steps: [
                TourStep(code: """
                    let idata = try sample(model, draws: 1000, tune: 1000, chains: 4, seed: 1)
                    print(summary(idata))
                    """) {
                    let idata = try sample(try talk(), draws: 1000, tune: 1000, chains: 4, seed: 1, progressBar: false)
                    return "\(try summary(idata))"
                },
                TourStep(code: """
                    // Censored data: y = clip(N(-1.5, 1), -1, 1) observed; mu is recovered near -1.5.
                    let censoredModel = try Model {
                        let mu = Normal("mu", mu: 0, sigma: 2)
                        Censored("y", dist: Normal.dist(mu: mu, sigma: 1), lower: -1.0, upper: 1.0, observed: y)
                    }
                    summary(try sample(censoredModel, seed: 2))
                    """) {
                    let raw = try draw(Random.normal(-1.5, 1.0, size: [500]), seed: 7).doubles
                    let y = raw.map { min(1, max(-1, $0)) }
                    let m = try Model {
                        let mu = Normal("mu", mu: 0, sigma: 2)
                        Censored("y", dist: Normal.dist(mu: mu, sigma: 1), lower: -1.0, upper: 1.0, observed: y)
                    }
                    return "\(try summary(try sample(m, draws: 1000, tune: 1000, chains: 2, seed: 2, progressBar: false)))"
                },
                TourStep(code: """
                    // A user-defined mixture with latent component indexes: CategoricalGibbsMetropolis moves the
                    // indexes, NUTS the means (a compound step; PyMC would assign the same by itself).
                    let mixture = try Model {
                        let mus = Normal("mus", mu: 0, sigma: 5, shape: [2], transform: .custom(OrderedTransform()))
                        let idx = Categorical("idx", p: [0.5, 0.5], shape: [6])
                        Normal("y", mu: mus[idx], sigma: 1, observed: [-3.1, 2.8, -2.9, 3.2, 3.0, -3.3])
                    }
                    let idata = try sample(mixture, step: [.nuts, .categoricalGibbsMetropolis(vars: ["idx"])])
                    modal component of each point: [0, 1, 0, 1, 1, 0] expected
                    """) {
                    let mixture = try Model {
                        let mus = Normal("mus", mu: 0, sigma: 5, shape: [2], transform: .custom(OrderedTransform()),
                                         initval: [-1.0, 1.0])
                        let idx = Categorical("idx", p: [0.5, 0.5], shape: [6])
                        Normal("y", mu: mus[idx], sigma: 1, observed: [-3.1, 2.8, -2.9, 3.2, 3.0, -3.3])
                    }
                    let idata = try sample(mixture, draws: 500, tune: 500, chains: 2,
                                           step: [.nuts, .categoricalGibbsMetropolis(vars: ["idx"])], seed: 4, progressBar: false)
                    let idx = idata.posterior["idx"]!.doubles
                    let modal = (0..<6).map { i -> Int in
                        let ones = stride(from: i, to: idx.count, by: 6).filter { idx[$0] == 1 }.count
                        return ones * 2 > idx.count / 6 ? 1 : 0
                    }
                    return "modal component of each point: \(modal)"
                },
                TourStep(code: """
                    let ppc = try samplePosteriorPredictive(model, idata, seed: 3)
                    ppc.posteriorPredictive["y"]!.shape
                    """) {
                    let model = try talk()
                    // The idata of the first step of this part (the same call).
                    let idata = try sample(model, draws: 1000, tune: 1000, chains: 4, seed: 1, progressBar: false)
                    let ppc = try samplePosteriorPredictive(model, idata, seed: 3)
                    return "\(ppc.posteriorPredictive["y"]!.shape)"
                },
            ])
    }
}
