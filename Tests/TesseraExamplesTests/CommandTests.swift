import Foundation
import Testing
import TesseraExamples

/// The `tessera` command, run as a user runs it (the executable `swift build` puts beside the tests).
@Suite struct CommandTests {
    static var executable: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for config in ["debug", "release"] {
            let url = root.appendingPathComponent(".build/\(config)/tessera")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    func run(_ args: [String]) throws -> (Int32, String) {
        guard let exe = Self.executable else { throw CocoaError(.fileNoSuchFile) }
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = Pipe()
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [("tensors", "[0. 1.]"), ("gradients", "0.5"), ("rewrites", "Log1mexp"),
                      ("random", "normal_rv{0, (0, 0), float64, False}.1"), ("logprob", "(SciPy: -0.9189385332046727)"),
                      ("model", "-16.2979")])
    func tourSectionsPrintTheirResults(_ section: String, _ expected: String) throws {
        guard Self.executable != nil else { return }  // `swift build` has not produced the executable
        let (status, out) = try run(["tour", "--section", section])
        #expect(status == 0)
        #expect(out.contains(expected), "tour \(section) lacks '\(expected)'")
        #expect(out.contains("// "), "tour \(section) prints its code as comments")
    }

    @Test func unknownSectionIsAnError() throws {
        guard Self.executable != nil else { return }
        let (status, _) = try run(["tour", "--section", "nope"])
        #expect(status != 0)
    }

    /// `tessera graph censored --compiled`: the rewritten function, with the counts at the bounds.
    @Test func compiledGraphOfAnAnchorModel() throws {
        guard Self.executable != nil, AnchorModelsData.available else { return }
        let (status, out) = try run(["graph", "censored", "--compiled"])
        #expect(status == 0)
        #expect(out.contains("'__logp'") && out.contains("6943.") && out.contains("backend: c"), "\(out.prefix(2000))")
    }
}

/// Whether ../shared/anchors is present (the anchor models' data).
enum AnchorModelsData {
    static var available: Bool { TesseraExamples.AnchorModels.dataDirectory() != nil }
}
