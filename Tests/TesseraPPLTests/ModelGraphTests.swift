import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct ModelGraphTests {
    @Test func talkModelDOT() throws {
        let dot = try talkModel().modelGraph()
        #expect(dot.hasPrefix("digraph {"))
        #expect(dot.contains("\"mu\" [label=\"mu\n~\nNormal\" shape=ellipse]"))
        #expect(dot.contains("fillcolor=gray"))
        #expect(dot.contains("\"mu\" -> \"y\""))
        #expect(dot.contains("\"log_sigma\" -> \"y\""))
        #expect(dot.contains("subgraph \"cluster3\""))
    }

    @Test func eightSchoolsPlates() throws {
        let y: [Double] = [28, 8, -3, 7, -1, 1, 18, 12], sigma: [Double] = [15, 10, 16, 11, 9, 11, 10, 18]
        let model = try Model(coords: ["school": ["A", "B", "C", "D", "E", "F", "G", "H"]]) {
            let mu = Normal("mu", mu: 0, sigma: 5)
            let tau = exp(Normal("log_tau", mu: 0, sigma: 1))
            let thetaTilde = Normal("theta_tilde", mu: 0, sigma: 1, dims: ["school"])
            let theta = Deterministic("theta", mu + tau * thetaTilde, dims: ["school"])
            Normal("y", mu: theta, sigma: sigma, observed: y, dims: ["school"])
        }
        let dot = model.modelGraph()
        #expect(dot.contains("cluster\"school (8)\"") || dot.contains("\"clusterschool (8)\""))
        #expect(dot.contains("shape=box"))
        #expect(dot.contains("\"theta\" -> \"y\""))
        #expect(dot.contains("\"theta_tilde\" -> \"theta\""))
        // Render with Graphviz when it is installed.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-dot-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("m.dot")
            try dot.write(to: file, atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
            p.arguments = ["-Tsvg", file.path, "-o", dir.appendingPathComponent("m.svg").path]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            let svg = try String(contentsOf: dir.appendingPathComponent("m.svg"), encoding: .utf8)
            #expect(svg.contains("<svg"))
        }
    }

    @Test func debugNamesTheCulprit() throws {
        let model = try Model {
            let s = Normal("s", mu: 0, sigma: 1)
            Normal("y", mu: s, sigma: -1.0, observed: [1.0])
        }
        let text = model.debug()
        #expect(text.contains("'y'"))
    }

    @Test func badInputsAreThrownErrors() throws {
        #expect(throws: ModelError.self) { _ = try Model { Normal("y", mu: 0, sigma: 1, observed: [1.0, 2.0], shape: [3]) } }
        #expect(throws: ModelError.self) { _ = try Model { Normal("a", mu: 0, sigma: 1); Normal("a", mu: 0, sigma: 1) } }
        #expect(throws: ModelError.self) { _ = try Model { Normal("a", mu: 0, sigma: 1, dims: ["nope"]) } }
        #expect(throws: ModelError.self) {
            _ = try Model { Censored("y", dist: Normal.dist(mu: 0, sigma: 1), lower: -1.0, upper: 1.0, observed: [1.0, .nan]) }
        }
        // A negative sigma constant: the log-density is -inf (and a draw names sigma).
        let model = try Model { Normal("x", mu: 0, sigma: -2.0) }
        #expect(try model.compileLogp()(0.0)[0].doubles == [-.infinity])
        do {
            _ = try draw(model.freeRVs[0], draws: 1, seed: 1)
            Issue.record("expected an error")
        } catch let e as TesseraError {
            #expect(e.message.contains("'sigma' must be positive"))
        }
    }
}
